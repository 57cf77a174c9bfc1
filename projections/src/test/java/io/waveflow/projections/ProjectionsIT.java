package io.waveflow.projections;

import io.waveflow.contracts.deadletter.DeadLetter;
import io.waveflow.contracts.topic.Topics;
import io.waveflow.contracts.workflow.WorkflowEvent;
import io.waveflow.infra.SharedInfra;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.waveflow.projections.WorkflowEvents.completedStem;
import static io.waveflow.projections.WorkflowEvents.duplicateStem;
import static io.waveflow.projections.WorkflowEvents.registered;
import static io.waveflow.projections.WorkflowEvents.rejected;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.InstanceOfAssertFactories.MAP;
import static org.awaitility.Awaitility.await;

/**
 * The whole service against a real KRaft broker and a real PostgreSQL: workflow records in,
 * read model out over HTTP.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ProjectionsIT {

    private static final String DATABASE = "projections_it";
    private static final Duration PROJECTED = Duration.ofSeconds(30);

    private static WorkflowTopicClient topic;

    @LocalServerPort
    private int port;

    @Autowired
    private JsonMapper json;

    private StemApiClient api;

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        SharedInfra infra = SharedInfra.get();
        infra.postgres().createDatabaseIfMissing(DATABASE);
        registry.add("spring.kafka.bootstrap-servers", infra.kafka()::bootstrapServers);
        registry.add("spring.datasource.url", () -> infra.postgres().jdbcUrl(DATABASE));
        registry.add("spring.datasource.username", infra.postgres()::username);
        registry.add("spring.datasource.password", infra.postgres()::password);
        registry.add("waveflow.projections.consumer-group", () -> "projections-it");
    }

    @BeforeAll
    static void connect() {
        topic = new WorkflowTopicClient(SharedInfra.get().kafka().bootstrapServers());
    }

    @AfterAll
    static void disconnect() {
        topic.close();
    }

    @BeforeEach
    void client() {
        api = new StemApiClient(port, json);
    }

    @Test
    void shouldProjectCompletedAndDuplicateStemsWithTheSeedFieldNames() {
        String owner = newStemId();
        String duplicate = newStemId();

        topic.send(completedStem(owner, "hash-1"));
        topic.send(duplicateStem(duplicate, "hash-1", owner));

        await().atMost(PROJECTED).untilAsserted(() -> {
            assertThat(api.stem(owner)).containsEntry("stage", "done");
            assertThat(api.stem(duplicate)).containsEntry("stage", "done");
        });
        Map<String, Object> completed = api.stem(owner);
        assertThat(completed).containsOnlyKeys("stemId", "userId", "trackId", "audioHash", "waveformDataPath",
                "fileSize", "duration", "sampleRate", "numPeaks", "processedAt", "status", "errorMessage",
                "errorCode", "filepath", "originalFilename", "duplicateOf", "stage", "attempts", "createdAt",
                "updatedAt");
        assertThat(completed).contains(
                entry("stemId", owner), entry("userId", "user-7"), entry("trackId", "track-42"),
                entry("audioHash", "hash-1"), entry("waveformDataPath", "waveforms/" + owner + ".json"),
                entry("fileSize", 1_234_567), entry("duration", 183.25), entry("sampleRate", 44_100),
                entry("numPeaks", 1024), entry("processedAt", "2026-01-05T10:00:30Z"), entry("status", "completed"),
                entry("errorMessage", null), entry("errorCode", null), entry("filepath", "uploads/" + owner + ".wav"),
                entry("originalFilename", "bass.wav"), entry("duplicateOf", null), entry("attempts", 1),
                entry("createdAt", "2026-01-05T10:00:00Z"));
        assertThat(completed.get("updatedAt")).isNotNull();

        assertThat(api.stem(duplicate)).contains(
                entry("status", "duplicate"), entry("duplicateOf", owner), entry("audioHash", "hash-1"),
                entry("processedAt", "2026-01-05T10:00:30Z"), entry("waveformDataPath", null), entry("attempts", 1));

        List<Map<String, Object>> history = api.history(owner);
        assertThat(history).extracting(entry -> entry.get("eventId"))
                .containsExactlyElementsOf(completedStem(owner, "hash-1").stream().map(WorkflowEvent::id).toList());
        assertThat(history.get(4)).contains(entry("type", "io.waveflow.workflow.StemCompleted.v1"),
                entry("time", "2026-01-05T10:00:30Z"));
        assertThat(history.get(4).get("payload")).isInstanceOf(Map.class)
                .asInstanceOf(MAP)
                .contains(entry("stemId", owner), entry("numPeaks", 1024));
    }

    @Test
    void shouldLeaveRowsAndHistoryUnchangedWhenEventsArriveTwice() {
        String stemId = newStemId();
        List<WorkflowEvent> events = completedStem(stemId, "hash-2");
        // Back to back, so most repeats share a batch with their originals.
        topic.send(events);
        topic.send(events);
        await().atMost(PROJECTED).untilAsserted(() -> assertThat(api.history(stemId)).hasSize(events.size()));
        Map<String, Object> row = api.stem(stemId);
        List<Map<String, Object>> history = api.history(stemId);

        topic.send(events);
        // Same key, so once the marker is in, every repeat before it has been consumed.
        WorkflowEvent marker = rejected(stemId, "marker", WorkflowEvents.FINISHED_AT.plusSeconds(60));
        topic.send(List.of(marker));

        await().atMost(PROJECTED).untilAsserted(() -> assertThat(api.history(stemId)).hasSize(events.size() + 1));
        assertThat(api.stem(stemId)).isEqualTo(row);
        List<Map<String, Object>> historyAfter = api.history(stemId);
        assertThat(historyAfter.subList(0, history.size())).isEqualTo(history);
        assertThat(historyAfter.get(history.size())).containsEntry("eventId", marker.id());
    }

    @Test
    void shouldDeadLetterMalformedRecordsAndKeepApplyingLaterEvents() {
        String stemId = newStemId();

        topic.sendRaw(stemId, "{not json".getBytes(StandardCharsets.UTF_8));
        topic.sendRaw(stemId, "{\"type\":\"io.waveflow.workflow.Unknown.v1\",\"data\":{}}".getBytes(StandardCharsets.UTF_8));
        topic.send(List.of(registered(stemId)));

        await().atMost(PROJECTED).untilAsserted(() -> {
            List<DeadLetter> letters = topic.deadLetters().stream()
                    .filter(letter -> stemId.equals(letter.key()) && "projections".equals(letter.failedIn()))
                    .toList();
            assertThat(letters).anySatisfy(letter -> {
                assertThat(letter.sourceTopic()).isEqualTo(Topics.WORKFLOW.name());
                assertThat(letter.value()).isEqualTo("{not json");
                assertThat(letter.reason()).startsWith("not JSON");
            });
            assertThat(letters).anySatisfy(letter ->
                    assertThat(letter.reason()).isEqualTo("unknown WorkflowEvent type: io.waveflow.workflow.Unknown.v1"));
        });
        await().atMost(PROJECTED).untilAsserted(() ->
                assertThat(api.stem(stemId)).containsEntry("status", "processing"));
    }

    @Test
    void shouldAnswerUnknownStemWithProblemDetail() {
        String stemId = newStemId();

        ResponseEntity<String> response = api.get("/stems/" + stemId);
        ResponseEntity<String> history = api.get("/stems/" + stemId + "/history");

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(api.object(response.getBody())).contains(entry("status", 404), entry("title", "Stem not found"),
                entry("stemId", stemId), entry("instance", "/stems/" + stemId));
        assertThat(history.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(history.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void shouldExposeHealthAndPrometheusMetrics() {
        ResponseEntity<String> health = api.get("/actuator/health");
        ResponseEntity<String> prometheus = api.get("/actuator/prometheus");

        assertThat(health.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(api.object(health.getBody())).containsEntry("status", "UP");
        assertThat(prometheus.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(prometheus.getBody()).contains("jvm_memory_used_bytes", "hikaricp_connections");
    }

    private static String newStemId() {
        return "stem-" + UUID.randomUUID();
    }
}
