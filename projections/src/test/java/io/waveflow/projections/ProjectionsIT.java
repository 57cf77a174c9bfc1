package io.waveflow.projections;

import io.waveflow.contracts.deadletter.DeadLetter;
import io.waveflow.contracts.topic.Topics;
import io.waveflow.contracts.workflow.StemRegistered;
import io.waveflow.contracts.workflow.WorkflowEvent;
import io.waveflow.infra.SharedInfra;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.waveflow.projections.WorkflowEvents.REGISTERED_AT;
import static io.waveflow.projections.WorkflowEvents.completed;
import static io.waveflow.projections.WorkflowEvents.failed;
import static io.waveflow.projections.WorkflowEvents.rejected;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.InstanceOfAssertFactories.MAP;
import static org.awaitility.Awaitility.await;

/**
 * The whole service against a real KRaft broker and a real PostgreSQL: inbound and workflow
 * records in, read model out over HTTP.
 */
class ProjectionsIT extends ServiceIT {

    private static final Duration PROJECTED = Duration.ofSeconds(30);

    @LocalServerPort
    private int port;

    @Autowired
    private JsonMapper json;

    private StemApiClient api;

    @BeforeEach
    void client() {
        api = new StemApiClient(port, json);
    }

    @Test
    void shouldProjectCompletedAndDuplicateStemsWithTheSeedFieldNames() {
        String owner = newStemId();
        String duplicate = newStemId();

        topics.send(List.of(StemStory.completed(owner, "hash-1"), StemStory.duplicate(duplicate, "hash-1", owner)));

        await().atMost(PROJECTED).untilAsserted(() -> {
            assertThat(api.stem(owner)).containsEntry("stage", "done")
                    // the inbound upload (earlier in time) may land after the workflow events
                    .containsEntry("createdAt", "2026-01-05T09:59:59.500Z");
            assertThat(api.stem(duplicate)).containsEntry("stage", "done");
        });
        Map<String, Object> completed = api.stem(owner);
        assertThat(completed).containsOnlyKeys("stemId", "userId", "trackId", "audioHash", "waveformDataPath",
                "fileSize", "duration", "sampleRate", "numPeaks", "processedAt", "status", "errorMessage",
                "errorCode", "filepath", "originalFilename", "duplicateOf", "stage", "stageStartedAt", "attempts",
                "createdAt", "updatedAt");
        assertThat(completed).contains(
                entry("stemId", owner), entry("userId", "user-7"), entry("trackId", "track-42"),
                entry("audioHash", "hash-1"), entry("waveformDataPath", "waveforms/" + owner + ".json"),
                entry("fileSize", 1_234_567), entry("duration", 183.25), entry("sampleRate", 44_100),
                entry("numPeaks", 1024), entry("processedAt", "2026-01-05T10:00:30Z"), entry("status", "completed"),
                entry("errorMessage", null), entry("errorCode", null), entry("filepath", "uploads/" + owner + ".wav"),
                entry("originalFilename", "bass.wav"), entry("duplicateOf", null), entry("attempts", 1),
                // The stage became done with the completion.
                entry("stageStartedAt", "2026-01-05T10:00:30Z"),
                // Created when the bridge heard of the upload; updated by the last event that changed the row.
                entry("createdAt", "2026-01-05T09:59:59.500Z"), entry("updatedAt", "2026-01-05T10:00:30Z"));

        assertThat(api.stem(duplicate)).contains(
                entry("status", "duplicate"), entry("duplicateOf", owner), entry("audioHash", "hash-1"),
                entry("processedAt", "2026-01-05T10:00:30Z"), entry("waveformDataPath", null), entry("attempts", 1));
    }

    @Test
    void shouldShowTheEventsOfBothTopicsInTimelineOrder() {
        String stemId = newStemId();
        StemStory story = StemStory.completed(stemId, "hash-timeline");

        topics.send(List.of(story));

        await().atMost(PROJECTED).untilAsserted(() -> assertThat(api.history(stemId)).hasSize(story.size()));
        List<Map<String, Object>> history = api.history(stemId);
        assertThat(history).extracting(entry -> entry.get("type")).containsExactly(
                "io.waveflow.inbound.UploadCompleted.v1",
                "io.waveflow.workflow.StemRegistered.v1",
                "io.waveflow.workflow.StageRequested.v1",
                "io.waveflow.inbound.HashReported.v1",
                "io.waveflow.workflow.HashClaimed.v1",
                "io.waveflow.workflow.StageRequested.v1",
                "io.waveflow.inbound.ProcessingCompleted.v1",
                "io.waveflow.workflow.StemCompleted.v1");
        assertThat(history.get(0).get("payload")).asInstanceOf(MAP)
                .contains(entry("filepath", "uploads/" + stemId + ".wav"), entry("originalFilename", "bass.wav"));
        assertThat(history.get(7)).contains(entry("time", "2026-01-05T10:00:30Z"));
        assertThat(history.get(7).get("payload")).asInstanceOf(MAP)
                .contains(entry("stemId", stemId), entry("numPeaks", 1024));
    }

    @Test
    void shouldLeaveRowsAndHistoryUnchangedWhenEventsArriveAgain() {
        String stemId = newStemId();
        StemStory story = StemStory.completed(stemId, "hash-2");
        topics.send(List.of(story, story));
        await().atMost(PROJECTED).untilAsserted(() -> assertThat(api.history(stemId)).hasSize(story.size()));
        Map<String, Object> row = api.stem(stemId);
        List<Map<String, Object>> history = api.history(stemId);

        topics.send(List.of(story));
        // Same key and topic, so once the marker is in, every repeat before it has been consumed.
        WorkflowEvent marker = rejected(stemId, "marker", WorkflowEvents.FINISHED_AT.plusSeconds(60));
        topics.sendWorkflow(List.of(marker));

        await().atMost(PROJECTED).untilAsserted(() -> assertThat(api.history(stemId)).hasSize(story.size() + 1));
        assertThat(api.stem(stemId)).isEqualTo(row);
        List<Map<String, Object>> historyAfter = api.history(stemId);
        assertThat(historyAfter.subList(0, history.size())).isEqualTo(history);
        assertThat(historyAfter.get(history.size())).containsEntry("eventId", marker.id());
    }

    @Test
    void shouldDeadLetterMalformedRecordsOfBothTopicsAndKeepApplyingLaterEvents() {
        String stemId = newStemId();

        topics.sendRaw(Topics.WORKFLOW.name(), stemId, "{not json".getBytes(StandardCharsets.UTF_8));
        topics.sendRaw(Topics.INBOUND.name(), stemId,
                "{\"type\":\"io.waveflow.inbound.Unknown.v1\",\"data\":{}}".getBytes(StandardCharsets.UTF_8));
        topics.send(List.of(StemStory.justUploaded(stemId)));

        await().atMost(PROJECTED).untilAsserted(() -> {
            List<DeadLetter> letters = topics.deadLetters().stream()
                    .filter(letter -> stemId.equals(letter.key()) && "projections".equals(letter.failedIn()))
                    .toList();
            assertThat(letters).anySatisfy(letter -> {
                assertThat(letter.sourceTopic()).isEqualTo(Topics.WORKFLOW.name());
                assertThat(letter.value()).isEqualTo("{not json");
                assertThat(letter.reason()).startsWith("not JSON");
            });
            assertThat(letters).anySatisfy(letter -> {
                assertThat(letter.sourceTopic()).isEqualTo(Topics.INBOUND.name());
                assertThat(letter.reason()).isEqualTo("unknown InboundEvent type: io.waveflow.inbound.Unknown.v1");
            });
        });
        await().atMost(PROJECTED).untilAsserted(() ->
                assertThat(api.stem(stemId)).containsEntry("status", "processing"));
    }

    @Test
    void shouldListStemsByUserTrackAndStatusPageByPageWithoutRepeatsOrGaps() {
        String userId = "user-" + UUID.randomUUID();
        List<WorkflowEvent> events = new ArrayList<>();
        List<String> completedIds = new ArrayList<>();
        List<String> allIds = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            String stemId = "list-" + UUID.randomUUID();
            allIds.add(stemId);
            events.add(new StemRegistered(stemId + ":registered", REGISTERED_AT, stemId, userId, "track-a",
                    "uploads/" + stemId + ".wav", "take-" + i + ".wav"));
            if (i % 3 == 0) {
                events.add(failed(stemId, "E", "boom"));
            } else {
                events.add(completed(stemId, "hash-" + stemId));
                completedIds.add(stemId);
            }
        }
        topics.sendWorkflow(events);
        await().atMost(PROJECTED).untilAsserted(() -> assertThat(pages("/stems?userId=" + userId, 100)).hasSize(7));

        List<String> paged = pages("/stems?userId=" + userId + "&trackId=track-a", 2);
        List<String> completed = pages("/stems?userId=" + userId + "&status=completed", 3);

        assertThat(paged).containsExactlyElementsOf(allIds.stream().sorted().toList());
        assertThat(completed).containsExactlyElementsOf(completedIds.stream().sorted().toList());
        assertThat(pages("/stems?userId=" + userId + "&trackId=track-b", 10)).isEmpty();
        Map<String, Object> firstPage = api.object(api.get("/stems?userId=" + userId + "&limit=2").getBody());
        assertThat(firstPage).containsOnlyKeys("items", "nextCursor");
        assertThat(api.object(api.get("/stems?userId=" + userId + "&limit=7").getBody()))
                .containsEntry("nextCursor", null);
    }

    @Test
    void shouldAnswerBadQueryParametersWithProblemNamingTheParameter() {
        for (String[] bad : new String[][]{
                {"/stems?limit=0", "limit"}, {"/stems?limit=501", "limit"}, {"/stems?limit=x", "limit"},
                {"/stems?status=done", "status"}, {"/stems?cursor=not-a-cursor", "cursor"},
                {"/stems?userId=", "userId"}, {"/stems?usr=u1", "usr"},
                {"/stems?stuckFor=10m", "stuckFor"}, {"/stems?stuckFor=PT0S", "stuckFor"},
                {"/stems?stuckFor=-PT10M", "stuckFor"}, {"/stems?stage=claiming", "stage"},
                {"/stems?stage=done&stuckFor=PT10M", "stage"},
                // A cursor of the stem id order ("1:stem-1") given to a stuck listing.
                {"/stems?stuckFor=PT10M&cursor=MTpzdGVtLTE", "cursor"},
                {"/stats/timeline?minutes=0", "minutes"}, {"/stats/timeline?minutes=1441", "minutes"},
                {"/stats/timeline?minutes=an-hour", "minutes"}, {"/stats/timeline?minute=5", "minute"},
                {"/stats?stage=hash", "stage"}}) {
            ResponseEntity<String> response = api.get(bad[0]);

            assertThat(response.getStatusCode()).as(bad[0]).isEqualTo(HttpStatus.BAD_REQUEST);
            assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
            assertThat(api.object(response.getBody())).as(bad[0]).contains(entry("status", 400),
                    entry("title", "Bad query parameter"), entry("parameter", bad[1]),
                    entry("instance", bad[0].substring(0, bad[0].indexOf('?'))));
        }
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
    void shouldRefuseToAbortWhenNoRebuildRuns() {
        ResponseEntity<String> response = api.delete("/admin/rebuild");

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(api.object(api.get("/admin/rebuild").getBody()))
                .containsEntry("rebuilding", false).containsKey("liveGeneration");
    }

    @Test
    void shouldExposeHealthAndPrometheusMetrics() {
        ResponseEntity<String> health = api.get("/actuator/health");
        ResponseEntity<String> prometheus = api.get("/actuator/prometheus");

        assertThat(health.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(api.object(health.getBody())).containsEntry("status", "UP");
        assertThat(prometheus.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(prometheus.getBody()).contains("jvm_memory_used_bytes", "hikaricp_connections",
                "waveflow_projections_batches_total");
    }

    /** Every stem id of a listing, following the cursors with pages of {@code limit}. */
    private List<String> pages(String path, int limit) {
        return api.pages(path, limit).stream().flatMap(List::stream).map(item -> (String) item.get("stemId")).toList();
    }

    private static String newStemId() {
        return "stem-" + UUID.randomUUID();
    }
}
