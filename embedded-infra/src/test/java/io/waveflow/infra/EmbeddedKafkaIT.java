package io.waveflow.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaIT {

    @TempDir
    static Path dataDir;

    private static EmbeddedKafka kafka;

    @BeforeAll
    static void startBroker() {
        kafka = EmbeddedKafka.start(0, dataDir);
    }

    @AfterAll
    static void closeBroker() {
        kafka.close();
    }

    @Test
    void shouldShowOnlyCommittedTransactionsToReadCommittedConsumers() throws Exception {
        // given
        String topic = createTopic(kafka);
        try (KafkaProducer<String, String> producer = transactionalProducer(kafka)) {
            producer.initTransactions();

            // when
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "stem-1", "aborted"));
            producer.flush();
            producer.abortTransaction();

            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "stem-1", "committed-1"));
            producer.send(new ProducerRecord<>(topic, "stem-1", "committed-2"));
            producer.commitTransaction();
        }

        // then: the committed records follow the aborted one in the log, so once both are read
        // an aborted record would have shown up too
        assertThat(readValues(kafka, topic, 2)).containsExactly("committed-1", "committed-2");
    }

    @Test
    void shouldKeepRecordsAcrossStopAndRestart() throws Exception {
        // given
        String topic = createTopic(kafka);
        try (KafkaProducer<String, String> producer = transactionalProducer(kafka)) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "stem-2", "before-outage"));
            producer.commitTransaction();
        }

        // when
        kafka.stop();
        kafka.restart();

        // then
        assertThat(readValues(kafka, topic, 1)).containsExactly("before-outage");
    }

    @Test
    void shouldReuseAFormattedDataDirectory(@TempDir Path otherDataDir) throws Exception {
        // given
        String topic;
        try (EmbeddedKafka first = EmbeddedKafka.start(0, otherDataDir)) {
            topic = createTopic(first);
        }

        // when
        try (EmbeddedKafka second = EmbeddedKafka.start(0, otherDataDir)) {

            // then
            try (Admin admin = admin(second)) {
                assertThat(admin.listTopics().names().get(10, TimeUnit.SECONDS)).contains(topic);
            }
        }
    }

    @Test
    void shouldAdvertiseTheLoopbackAddress() throws Exception {
        try (Admin admin = admin(kafka)) {
            assertThat(admin.describeCluster().nodes().get(10, TimeUnit.SECONDS))
                    .singleElement()
                    .satisfies(node -> assertThat(node.host()).isEqualTo("127.0.0.1"));
        }
        assertThat(kafka.bootstrapServers()).isEqualTo("127.0.0.1:" + kafka.port());
    }

    private static String createTopic(EmbeddedKafka broker) throws Exception {
        String topic = "it-" + UUID.randomUUID();
        try (Admin admin = admin(broker)) {
            admin.createTopics(Set.of(new NewTopic(topic, 1, (short) 1))).all().get(10, TimeUnit.SECONDS);
        }
        return topic;
    }

    private static Admin admin(EmbeddedKafka broker) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
    }

    private static KafkaProducer<String, String> transactionalProducer(EmbeddedKafka broker) {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "it-" + UUID.randomUUID(),
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true),
                new StringSerializer(), new StringSerializer());
    }

    private static List<String> readValues(EmbeddedKafka broker, String topic, int expected) {
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "it-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            await().atMost(Duration.ofSeconds(20)).pollDelay(Duration.ZERO).until(() -> {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    values.add(record.value());
                }
                return values.size() >= expected;
            });
        }
        return values;
    }
}
