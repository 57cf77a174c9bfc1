package io.waveflow.workflow.it;

import io.waveflow.contracts.command.StageCommand;
import io.waveflow.contracts.inbound.HashReported;
import io.waveflow.contracts.inbound.InboundEvent;
import io.waveflow.contracts.inbound.UploadCompleted;
import io.waveflow.contracts.topic.TopicSpecs;
import io.waveflow.contracts.topic.Topics;
import io.waveflow.workflow.topology.InternalTopics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;

/**
 * What the broker ITs and benchmarks of the topology set up alike: topics, an exactly-once
 * Streams configuration, an inbound producer and a read_committed reader of the commands.
 */
public final class KafkaFixtures {

    private KafkaFixtures() {
    }

    /** The shared topics that are missing, and the application's internal topics, {@code partitions} each. */
    public static void createTopics(String bootstrap, String applicationId, int partitions)
            throws InterruptedException, ExecutionException {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> topics = new ArrayList<>();
            TopicSpecs.newTopics(partitions, (short) 1).stream()
                    .filter(topic -> !existing.contains(topic.name())).forEach(topics::add);
            InternalTopics.of(applicationId).all()
                    .forEach(topic -> topics.add(new NewTopic(topic.name(), partitions, (short) 1)));
            admin.createTopics(topics).all().get();
        }
    }

    /** exactly_once_v2, inputs from the earliest offset, a fresh state directory named after {@code stateDirPrefix}. */
    public static Properties streamsProperties(String bootstrap, String applicationId, String stateDirPrefix)
            throws IOException {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory(stateDirPrefix).toString());
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        return props;
    }

    /** acks=all, then {@code settings}. */
    public static KafkaProducer<String, InboundEvent> inboundProducer(String bootstrap, Map<String, Object> settings) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.putAll(settings);
        return new KafkaProducer<>(config, new StringSerializer(), Topics.INBOUND.valueSerde().serializer());
    }

    /** Sends the events to the inbound topic, each keyed by its stem, and waits until all are acknowledged. */
    public static void produce(String bootstrap, InboundEvent... events) {
        try (var producer = inboundProducer(bootstrap, Map.of())) {
            for (InboundEvent event : events) {
                producer.send(new ProducerRecord<>(Topics.INBOUND.name(), event.stemId(), event));
            }
        }
    }

    /** A new consumer group reading the commands topic from the start, committed records only. */
    public static KafkaConsumer<String, StageCommand> committedCommands(String bootstrap, String groupId) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, groupId,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return new KafkaConsumer<>(config, new StringDeserializer(), Topics.COMMANDS.valueSerde().deserializer());
    }

    /** An upload of {@code stemId} by user u1 to track t1, event id {@code up-<stemId>}. */
    public static UploadCompleted upload(String stemId) {
        return new UploadCompleted("up-" + stemId, Instant.now(), stemId, "u1", "t1", "stems/" + stemId + ".wav",
                stemId + ".wav", Instant.now().toString());
    }

    /** A successful hash report of {@code stemId} (user u1, track t1), event id {@code hash-<stemId>}. */
    public static HashReported hashReported(String stemId, String hash) {
        return new HashReported("hash-" + stemId, Instant.now(), stemId, "u1", "t1", "stems/" + stemId + ".wav",
                hash, Instant.now().toString(), stemId + ".wav", "SUCCESS");
    }
}
