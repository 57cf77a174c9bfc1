package io.waveflow.replay;

import io.waveflow.infra.EmbeddedKafka;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * One in-JVM broker on a free port for all ITs of this module, started on first use and closed
 * when the JVM exits; tests that need their own content create uniquely named topics.
 */
final class TestKafka {

    private static EmbeddedKafka kafka;

    private TestKafka() {
    }

    static synchronized EmbeddedKafka get() {
        if (kafka == null) {
            kafka = EmbeddedKafka.start(0, null);
            Runtime.getRuntime().addShutdownHook(new Thread(kafka::close, "replay-test-kafka-stop"));
        }
        return kafka;
    }

    static String bootstrapServers() {
        return get().bootstrapServers();
    }

    static Admin admin() {
        return Admin.create(Map.<String, Object>of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()));
    }

    static void createTopics(Collection<NewTopic> topics) throws Exception {
        try (Admin admin = admin()) {
            admin.createTopics(topics).all().get(30, TimeUnit.SECONDS);
        }
    }

    /** A fresh topic, so a test knows its whole content. */
    static String newTopic(String prefix, int partitions) throws Exception {
        String name = prefix + "-" + UUID.randomUUID();
        createTopics(List.of(new NewTopic(name, partitions, (short) 1)));
        return name;
    }

    static KafkaProducer<String, byte[]> producer() {
        return new KafkaProducer<>(Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true),
                new StringSerializer(), new ByteArraySerializer());
    }

    static void produce(List<Events.Produced> records) throws Exception {
        try (KafkaProducer<String, byte[]> producer = producer()) {
            for (Events.Produced record : records) {
                producer.send(new ProducerRecord<>(record.topic(), record.key(), record.value()));
            }
            producer.flush();
        }
    }
}
