package io.waveflow.workflow.it;

import io.waveflow.contracts.command.StageCommand;
import io.waveflow.contracts.topic.Topics;
import io.waveflow.infra.FreePorts;
import io.waveflow.infra.SharedInfra;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The workflow service against a real KRaft broker, exactly_once_v2, read back read_committed. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
class WorkflowStreamsIT {

    private static final int PORT = FreePorts.pick();
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final String STATE_DIR = System.getProperty("java.io.tmpdir") + "/workflow-it-" + RUN;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", () -> SharedInfra.get().kafka().bootstrapServers());
        registry.add("server.port", () -> PORT);
        registry.add("waveflow.workflow.application-id", () -> "workflow-it-" + RUN);
        registry.add("waveflow.workflow.state-dir", () -> STATE_DIR);
    }

    @Test
    void shouldCommandAnalysisForTheOwnerAndCleanupForTheDuplicate() {
        String s1 = "s1-" + RUN;
        String s2 = "s2-" + RUN;
        String hash = "ab" + RUN.replace("-", "");
        KafkaFixtures.produce(SharedInfra.get().kafka().bootstrapServers(), KafkaFixtures.upload(s1), KafkaFixtures.upload(s2),
                KafkaFixtures.hashReported(s1, hash), KafkaFixtures.hashReported(s2, hash));

        List<String> taskIds = new ArrayList<>();
        try (KafkaConsumer<String, StageCommand> consumer = KafkaFixtures.committedCommands(
                SharedInfra.get().kafka().bootstrapServers(), "it-" + UUID.randomUUID())) {
            consumer.subscribe(List.of(Topics.COMMANDS.name()));
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                // The commands topic is shared with the other ITs of this JVM: only this run's stems count.
                consumer.poll(Duration.ofMillis(200)).forEach(record -> {
                    if (record.key().endsWith(RUN)) {
                        taskIds.add(record.value().id());
                    }
                });
                assertThat(taskIds).hasSize(4);
            });
        }

        // s1 and s2 sit on different partitions, so either may claim first; exactly one does.
        String owner = taskIds.contains("analysis-" + s1 + "-1") ? s1 : s2;
        String duplicate = owner.equals(s1) ? s2 : s1;
        assertThat(taskIds).containsExactlyInAnyOrder("hash-" + s1 + "-1", "hash-" + s2 + "-1",
                "analysis-" + owner + "-1", "duplicate-" + duplicate + "-1");
        RestClient http = TestTokens.reader(PORT);
        assertThat(http.get().uri("/claims/u1/t1/{hash}", hash).retrieve().body(Map.class))
                .containsEntry("ownerStemId", owner);
        assertThat(http.get().uri("/workflow/stems/{id}", duplicate).retrieve().body(Map.class))
                .containsEntry("phase", "cleaning_duplicate").containsEntry("ownerStemId", owner);
        assertThat(http.get().uri("/actuator/health").retrieve().body(String.class)).contains("\"UP\"");
        assertThat(http.get().uri("/actuator/prometheus").retrieve().body(String.class)).contains("kafka_stream");
    }
}
