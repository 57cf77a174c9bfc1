package io.waveflow.workflow.it;

import io.waveflow.contracts.Stage;
import io.waveflow.contracts.command.StageCommand;
import io.waveflow.contracts.inbound.HashReported;
import io.waveflow.contracts.inbound.UploadCompleted;
import io.waveflow.contracts.topic.Topics;
import io.waveflow.workflow.topology.WorkflowSettings;
import io.waveflow.workflow.topology.WorkflowTopology;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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
        KafkaFixtures.createTopics(kafka.getBootstrapServers(), APPLICATION_ID, 4);
        try (KafkaStreams streams = new KafkaStreams(WorkflowTopology.build(APPLICATION_ID,
                WorkflowSettings.defaults()),
                KafkaFixtures.streamsProperties(kafka.getBootstrapServers(), APPLICATION_ID, "container-it"))) {
            streams.start();
            try (var producer = KafkaFixtures.inboundProducer(kafka.getBootstrapServers(), Map.of())) {
                Instant now = Instant.now();
                producer.send(new ProducerRecord<>(Topics.INBOUND.name(), "s1",
                        new UploadCompleted("up-s1", now, "s1", "u", "t", "f1", "f1", "ts")));
                producer.send(new ProducerRecord<>(Topics.INBOUND.name(), "s1",
                        new HashReported("hash-s1", now, "s1", "u", "t", "f1", "aa11", "ts", "f1", "SUCCESS"))).get();
                producer.send(new ProducerRecord<>(Topics.INBOUND.name(), "s2",
                        new HashReported("hash-s2", now, "s2", "u", "t", "f2", "aa11", "ts", "f2", "SUCCESS")));
            }
            List<StageCommand> commands = new ArrayList<>();
            try (var consumer = KafkaFixtures.committedCommands(kafka.getBootstrapServers(), "container-it-reader")) {
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
