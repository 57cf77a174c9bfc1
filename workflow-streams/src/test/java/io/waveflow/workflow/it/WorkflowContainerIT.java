package io.waveflow.workflow.it;

import io.waveflow.contracts.Stage;
import io.waveflow.contracts.command.StageCommand;
import io.waveflow.contracts.inbound.HashReported;
import io.waveflow.contracts.inbound.UploadCompleted;
import io.waveflow.contracts.topic.TopicSpecs;
import io.waveflow.contracts.topic.Topics;
import io.waveflow.workflow.topology.InternalTopics;
import io.waveflow.workflow.topology.WorkflowSettings;
import io.waveflow.workflow.topology.WorkflowTopology;
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
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The happy path against Kafka in a container, for hosts with a Docker engine. An extra, never
 * the only proof: this project's machines have no Docker engine, so there it is skipped and the
 * in-JVM broker ITs ({@link WorkflowStreamsIT}, {@link ClaimRaceIT}) carry the proof.
 */
@Testcontainers(disabledWithoutDocker = true)
class WorkflowContainerIT {

    private static final String APPLICATION_ID = "workflow-container-it";

    @Container
    static final KafkaContainer kafka = new KafkaContainer("apache/kafka:4.1.1");

    @Test
    void shouldAnalyseTheOwnerAndCleanUpTheDuplicate() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.getBootstrapServers()))) {
            List<NewTopic> topics = new ArrayList<>(TopicSpecs.newTopics(4, (short) 1));
            InternalTopics.of(APPLICATION_ID).all().forEach(topic -> topics.add(new NewTopic(topic.name(), 4, (short) 1)));
            admin.createTopics(topics).all().get();
        }
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, APPLICATION_ID);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.getBootstrapServers());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("container-it").toString());
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        try (KafkaStreams streams = new KafkaStreams(WorkflowTopology.build(APPLICATION_ID,
                WorkflowSettings.defaults()), props)) {
            streams.start();
            try (var producer = new KafkaProducer<>(Map.<String, Object>of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.getBootstrapServers()),
                    new StringSerializer(), Topics.INBOUND.valueSerde().serializer())) {
                Instant now = Instant.now();
                producer.send(new ProducerRecord<>(Topics.INBOUND.name(), "s1",
                        new UploadCompleted("up-s1", now, "s1", "u", "t", "f1", "f1", "ts")));
                producer.send(new ProducerRecord<>(Topics.INBOUND.name(), "s1",
                        new HashReported("hash-s1", now, "s1", "u", "t", "f1", "aa11", "ts", "f1", "SUCCESS"))).get();
                producer.send(new ProducerRecord<>(Topics.INBOUND.name(), "s2",
                        new HashReported("hash-s2", now, "s2", "u", "t", "f2", "aa11", "ts", "f2", "SUCCESS")));
            }
            List<StageCommand> commands = new ArrayList<>();
            try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.getBootstrapServers(),
                    ConsumerConfig.GROUP_ID_CONFIG, "container-it-reader",
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                    ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                    new StringDeserializer(), Topics.COMMANDS.valueSerde().deserializer())) {
                consumer.subscribe(List.of(Topics.COMMANDS.name()));
                await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
                    consumer.poll(Duration.ofMillis(200)).forEach(record -> commands.add(record.value()));
                    assertThat(commands).hasSize(3);
                });
            }
            assertThat(commands).extracting(StageCommand::stage).contains(Stage.HASH, Stage.ANALYSIS, Stage.DUPLICATE);
        }
    }
}
