package io.waveflow.workflow.it;

import io.waveflow.contracts.inbound.InboundEvent;
import io.waveflow.contracts.inbound.UploadCompleted;
import io.waveflow.infra.FreePorts;
import io.waveflow.infra.SharedInfra;
import io.waveflow.workflow.WorkflowStreamsApplication;
import io.waveflow.workflow.config.WorkflowStreamsRunner;
import io.waveflow.workflow.topology.InternalTopics;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two instances of the workflow service share one application id, so the partitions (and the
 * stem states) are split between them; each must answer for every stem, fetching the ones the
 * other keeps, and must not forward a request that was already forwarded.
 */
class QueryForwardingIT {

    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final int STEMS = 24;

    @Test
    void shouldAnswerForEveryStemFromEitherInstanceAndForwardAtMostOnce() {
        int portA = FreePorts.pick();
        int portB = FreePorts.pick();
        try (ConfigurableApplicationContext a = start(portA, "a");
             ConfigurableApplicationContext b = start(portB, "b")) {
            KafkaStreams streamsA = a.getBean(WorkflowStreamsRunner.class).streams();
            KafkaStreams streamsB = b.getBean(WorkflowStreamsRunner.class).streams();
            await().atMost(Duration.ofSeconds(90)).until(() -> bothActive(streamsA, streamsB));

            List<String> stems = IntStream.range(0, STEMS).mapToObj(i -> "fwd-" + RUN + "-" + i).toList();
            upload(stems);

            // Where each stem lives, by Kafka Streams' own metadata: 24 stems over 4 partitions
            // split between two instances leave both with some.
            List<String> keptByB = stems.stream()
                    .filter(stem -> owner(streamsA, stem).activeHost().port() == portB).toList();
            assertThat(keptByB).isNotEmpty().hasSizeLessThan(STEMS);

            RestClient httpA = client(portA);
            RestClient httpB = client(portB);
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                for (String stem : stems) {
                    for (RestClient http : List.of(httpA, httpB)) {
                        ResponseEntity<Map> answer = http.get().uri("/workflow/stems/{id}", stem).retrieve()
                                .onStatus(status -> true, (request, response) -> { }).toEntity(Map.class);
                        assertThat(answer.getStatusCode().value()).as(stem).isEqualTo(200);
                        assertThat(answer.getBody()).containsEntry("stemId", stem).containsEntry("phase", "hashing");
                    }
                }
            });

            // A request that already crossed once is not sent on: 503 with a problem, not a loop.
            ResponseEntity<String> second = httpA.get().uri("/workflow/stems/{id}", keptByB.get(0))
                    .header("X-Waveflow-Forwarded", "127.0.0.1:1").retrieve()
                    .onStatus(status -> true, (request, response) -> { }).toEntity(String.class);
            assertThat(second.getStatusCode().value()).isEqualTo(503);
            assertThat(second.getHeaders().getContentType()).hasToString("application/problem+json");
            assertThat(second.getBody()).contains("rebalanced");

            // Without a token neither instance answers nor forwards.
            ResponseEntity<String> anonymous = RestClient.create("http://127.0.0.1:" + portA).get()
                    .uri("/workflow/stems/{id}", keptByB.get(0)).retrieve()
                    .onStatus(status -> true, (request, response) -> { }).toEntity(String.class);
            assertThat(anonymous.getStatusCode().value()).isEqualTo(401);
            assertThat(anonymous.getHeaders().getContentType()).hasToString("application/problem+json;charset=UTF-8");
        }
    }

    private static ConfigurableApplicationContext start(int port, String name) {
        return new SpringApplicationBuilder(WorkflowStreamsApplication.class).run(
                "--server.port=" + port,
                "--spring.kafka.bootstrap-servers=" + SharedInfra.get().kafka().bootstrapServers(),
                "--waveflow.workflow.application-id=forwarding-it-" + RUN,
                "--waveflow.workflow.state-dir=" + System.getProperty("java.io.tmpdir") + "/forwarding-it-" + RUN + "-" + name);
    }

    private static boolean bothActive(KafkaStreams a, KafkaStreams b) {
        return a.state() == KafkaStreams.State.RUNNING && b.state() == KafkaStreams.State.RUNNING
                && hasActiveTasks(a) && hasActiveTasks(b);
    }

    private static boolean hasActiveTasks(KafkaStreams streams) {
        return streams.metadataForLocalThreads().stream().anyMatch(thread -> !thread.activeTasks().isEmpty());
    }

    private static KeyQueryMetadata owner(KafkaStreams streams, String stemId) {
        return streams.queryMetadataForKey(InternalTopics.STEM_STATE_STORE, stemId, Serdes.String().serializer());
    }

    private static RestClient client(int port) {
        return TestTokens.reader(port);
    }

    private static void upload(List<String> stems) {
        KafkaFixtures.produce(SharedInfra.get().kafka().bootstrapServers(), stems.stream()
                .map(stemId -> new UploadCompleted("up-" + stemId, Instant.now(), stemId, "u1", "t1",
                        "stems/" + stemId + ".wav", stemId + ".wav", Instant.now().toString()))
                .toArray(InboundEvent[]::new));
    }
}
