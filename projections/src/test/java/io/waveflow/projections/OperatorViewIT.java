package io.waveflow.projections;

import io.waveflow.contracts.Stage;
import io.waveflow.contracts.workflow.DuplicateDetected;
import io.waveflow.contracts.workflow.HashClaimed;
import io.waveflow.contracts.workflow.StemCompleted;
import io.waveflow.contracts.workflow.StemFailed;
import io.waveflow.contracts.workflow.StemRegistered;
import io.waveflow.contracts.workflow.WorkflowEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;

import static io.waveflow.projections.WorkflowEvents.stageRequested;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.InstanceOfAssertFactories.LIST;
import static org.assertj.core.api.InstanceOfAssertFactories.MAP;
import static org.awaitility.Awaitility.await;

/**
 * What an operator sees of the read model over HTTP: stems stuck in a stage, counts and the
 * longest-waiting stem per stage, the per-minute timeline of outcomes. The service's clock is
 * stopped at a chosen instant and every event time is before it, so nothing depends on how long
 * the test takes. Each test works in a year of its own, older than the other ITs' events, since
 * they all share one read model.
 */
class OperatorViewIT extends ServiceIT {

    private static final Duration PROJECTED = Duration.ofSeconds(30);

    @LocalServerPort
    private int port;

    @Autowired
    private JsonMapper json;

    @Autowired
    private TestClock clock;

    private StemApiClient api;

    @BeforeEach
    void client() {
        api = new StemApiClient(port, json);
    }

    @AfterEach
    void restartClock() {
        clock.run();
    }

    @Test
    void shouldListStemsStuckLongerThanTheDurationOldestFirstPageByPage() {
        Instant now = Instant.parse("2025-06-01T12:00:30Z");
        clock.stopAt(now);
        String userId = "stuck-" + UUID.randomUUID();
        String analysisOldest = stemId("a");
        String analysisTied1 = stemId("b");
        String analysisTied2 = stemId("b");
        String analysisRetried = stemId("c");
        String hashOld = stemId("d");
        String hashFresh = stemId("e");
        String duplicateOld = stemId("f");
        String completed = stemId("g");
        List<WorkflowEvent> events = new ArrayList<>();
        events.addAll(waitingIn(analysisOldest, userId, Stage.ANALYSIS, now.minus(Duration.ofMinutes(50))));
        events.addAll(waitingIn(analysisTied1, userId, Stage.ANALYSIS, now.minus(Duration.ofMinutes(30))));
        events.addAll(waitingIn(analysisTied2, userId, Stage.ANALYSIS, now.minus(Duration.ofMinutes(30))));
        events.addAll(waitingIn(analysisRetried, userId, Stage.ANALYSIS, now.minus(Duration.ofMinutes(40))));
        // The worker never answered; the retry five minutes ago starts the stage again.
        events.add(stageRequested(analysisRetried, Stage.ANALYSIS, 2, now.minus(Duration.ofMinutes(5))));
        events.addAll(waitingIn(hashOld, userId, Stage.HASH, now.minus(Duration.ofMinutes(40))));
        events.addAll(waitingIn(hashFresh, userId, Stage.HASH, now.minus(Duration.ofMinutes(2))));
        events.addAll(waitingIn(duplicateOld, userId, Stage.DUPLICATE, now.minus(Duration.ofMinutes(15))));
        events.addAll(waitingIn(completed, userId, Stage.ANALYSIS, now.minus(Duration.ofMinutes(55))));
        events.add(completedAt(completed, now.minus(Duration.ofMinutes(45))));

        topics.sendWorkflow(events);
        awaitStage(analysisRetried, "analysis", 2);
        awaitStage(completed, "done", 1);
        Stream.of(analysisOldest, analysisTied1, analysisTied2, hashOld, hashFresh)
                .forEach(stemId -> awaitStage(stemId, null, 1));
        awaitStage(duplicateOld, "duplicate", 1);

        List<String> tied = Stream.of(analysisTied1, analysisTied2).sorted().toList();
        List<Map<String, Object>> stuck = pages("/stems?userId=" + userId + "&stuckFor=PT10M", 3, 2);
        assertThat(stuck).extracting(stem -> stem.get("stemId"))
                .containsExactly(analysisOldest, hashOld, tied.get(0), tied.get(1), duplicateOld);
        assertThat(stuck).extracting(stem -> stem.get("stageStartedAt")).containsExactly(
                "2025-06-01T11:10:30Z", "2025-06-01T11:20:30Z", "2025-06-01T11:30:30Z", "2025-06-01T11:30:30Z",
                "2025-06-01T11:45:30Z");
        assertThat(pages("/stems?userId=" + userId + "&stage=analysis&stuckFor=PT10M", 2, 2))
                .extracting(stem -> stem.get("stemId")).containsExactly(analysisOldest, tied.get(0), tied.get(1));
        assertThat(pages("/stems?userId=" + userId + "&stuckFor=PT45M", 10, 1))
                .extracting(stem -> stem.get("stemId")).containsExactly(analysisOldest);
        // Every stem still in a stage, stuck or not: that listing keeps the stem id order.
        assertThat(pages("/stems?userId=" + userId + "&stage=hash", 1, 2))
                .extracting(stem -> stem.get("stemId")).containsExactly(hashOld, hashFresh);
    }

    @Test
    void shouldCountByStatusAndStageAndNameTheLongestWaitingStemPerStage() {
        Instant now = Instant.parse("2024-03-01T10:00:00Z");
        Instant base = now.minus(Duration.ofHours(2));
        clock.stopAt(now);
        String userId = "stats-" + UUID.randomUUID();
        String hashOldest = stemId("h1");
        String hashLater = stemId("h2");
        String analysis = stemId("a");
        String duplicate = stemId("d");
        String completed = stemId("c");
        String failed = stemId("f");
        Map<String, Object> before = stats();

        List<WorkflowEvent> events = new ArrayList<>();
        events.addAll(waitingIn(hashOldest, userId, Stage.HASH, base));
        events.addAll(waitingIn(hashLater, userId, Stage.HASH, base.plus(Duration.ofMinutes(30))));
        events.addAll(waitingIn(analysis, userId, Stage.ANALYSIS, base.plus(Duration.ofMinutes(10))));
        events.addAll(waitingIn(duplicate, userId, Stage.DUPLICATE, base.plus(Duration.ofMinutes(20))));
        events.addAll(waitingIn(completed, userId, Stage.ANALYSIS, base.minus(Duration.ofMinutes(30))));
        events.add(completedAt(completed, base.minus(Duration.ofMinutes(20))));
        events.addAll(waitingIn(failed, userId, Stage.ANALYSIS, base.minus(Duration.ofMinutes(30))));
        events.add(failedAt(failed, base.minus(Duration.ofMinutes(25))));
        topics.sendWorkflow(events);
        Stream.of(hashOldest, hashLater, analysis, duplicate).forEach(stemId -> awaitStage(stemId, null, 1));
        awaitStage(completed, "done", 1);
        awaitStage(failed, "done", 1);
        Map<String, Object> after = stats();

        assertThat(after).containsOnlyKeys("at", "byStatus", "byStage", "oldestInFlight")
                .containsEntry("at", "2024-03-01T10:00:00Z");
        assertThat(counted(after, before, "byStatus")).containsExactly(entry("processing", 3L),
                entry("duplicate", 1L), entry("completed", 1L), entry("error", 1L), entry("deleted", 0L),
                entry("cancelled", 0L));
        assertThat(counted(after, before, "byStage")).containsExactly(entry("hash", 2L), entry("duplicate", 1L),
                entry("analysis", 1L), entry("done", 2L));
        assertThat(after.get("oldestInFlight")).asInstanceOf(MAP).containsExactly(
                entry("hash", Map.of("stemId", hashOldest, "stageStartedAt", "2024-03-01T08:00:00Z",
                        "ageSeconds", 7200)),
                entry("duplicate", Map.of("stemId", duplicate, "stageStartedAt", "2024-03-01T08:20:00Z",
                        "ageSeconds", 6000)),
                entry("analysis", Map.of("stemId", analysis, "stageStartedAt", "2024-03-01T08:10:00Z",
                        "ageSeconds", 6600)));
    }

    @Test
    void shouldCountOutcomesPerMinuteOfTheLastMinutesZeroFilled() {
        Instant now = Instant.parse("2023-05-01T10:30:20Z");
        clock.stopAt(now);
        String userId = "timeline-" + UUID.randomUUID();
        List<WorkflowEvent> events = new ArrayList<>();
        events.add(completedAt(stemId("c1"), Instant.parse("2023-05-01T10:27:05Z")));
        events.add(completedAt(stemId("c2"), Instant.parse("2023-05-01T10:27:59.999Z")));
        events.add(completedAt(stemId("c3"), Instant.parse("2023-05-01T10:30:10Z")));
        events.add(completedAt(stemId("c4"), Instant.parse("2023-05-01T10:31:00Z")));
        String duplicate = stemId("d");
        events.add(registeredAt(duplicate, userId, Instant.parse("2023-05-01T10:28:00Z")));
        events.add(new DuplicateDetected(duplicate + ":duplicate", Instant.parse("2023-05-01T10:28:30Z"), duplicate,
                "hash-" + duplicate, "owner-" + duplicate));
        events.add(failedAt(stemId("f1"), Instant.parse("2023-05-01T10:26:00Z")));
        events.add(failedAt(stemId("f2"), Instant.parse("2023-05-01T10:25:59.999Z")));
        topics.sendWorkflow(events);

        await().atMost(PROJECTED).untilAsserted(() -> assertThat(minutes(api.get("/stats/timeline?minutes=5")))
                .containsExactly(
                        minute("2023-05-01T10:26:00Z", 0, 0, 1),
                        minute("2023-05-01T10:27:00Z", 2, 0, 0),
                        minute("2023-05-01T10:28:00Z", 0, 1, 0),
                        minute("2023-05-01T10:29:00Z", 0, 0, 0),
                        minute("2023-05-01T10:30:00Z", 1, 0, 0)));
        Map<String, Object> hour = api.object(api.get("/stats/timeline").getBody());
        assertThat(hour).containsOnlyKeys("at", "minutes").containsEntry("at", "2023-05-01T10:30:20Z");
        assertThat(hour.get("minutes")).asInstanceOf(LIST).hasSize(60)
                .startsWith(minute("2023-05-01T09:31:00Z", 0, 0, 0))
                .endsWith(minute("2023-05-01T10:30:00Z", 1, 0, 0));
        assertThat(minutes(api.get("/stats/timeline?minutes=1440"))).hasSize(1440);
    }

    /**
     * Registered and hashed just before {@code startedAt}, then in {@code stage} from then on:
     * the workflow's events of a stem whose worker has not answered yet.
     */
    private static List<WorkflowEvent> waitingIn(String stemId, String userId, Stage stage, Instant startedAt) {
        Instant registered = startedAt.minus(Duration.ofMinutes(2));
        List<WorkflowEvent> events = new ArrayList<>(List.of(registeredAt(stemId, userId, registered),
                stageRequested(stemId, Stage.HASH, 1, stage == Stage.HASH ? startedAt : registered)));
        Instant hashed = startedAt.minus(Duration.ofMinutes(1));
        if (stage == Stage.ANALYSIS) {
            events.add(new HashClaimed(stemId + ":claimed", hashed, stemId, "hash-" + stemId));
        }
        if (stage == Stage.DUPLICATE) {
            events.add(new DuplicateDetected(stemId + ":duplicate", hashed, stemId, "hash-" + stemId,
                    "owner-" + stemId));
        }
        if (stage != Stage.HASH) {
            events.add(stageRequested(stemId, stage, 1, startedAt));
        }
        return events;
    }

    private static StemRegistered registeredAt(String stemId, String userId, Instant time) {
        return new StemRegistered(stemId + ":registered", time, stemId, userId, "track-ops",
                "uploads/" + stemId + ".wav", "take.wav");
    }

    private static StemCompleted completedAt(String stemId, Instant time) {
        return new StemCompleted(stemId + ":completed", time, stemId, "hash-" + stemId, "waveforms/" + stemId + ".json",
                1_000L, 60.0, 44_100, 512);
    }

    private static StemFailed failedAt(String stemId, Instant time) {
        return new StemFailed(stemId + ":failed", time, stemId, Stage.ANALYSIS, "worker-error", "DECODE_ERROR",
                "cannot decode");
    }

    /** Waits until the read model has the stem in {@code stage} (any but done when null) at {@code attempts}. */
    private void awaitStage(String stemId, String stage, int attempts) {
        await().atMost(PROJECTED).untilAsserted(() -> {
            Map<String, Object> stem = api.stem(stemId);
            assertThat(stem).as(stemId).isNotNull().containsEntry("attempts", attempts);
            if (stage == null) {
                assertThat(stem.get("stage")).as(stemId).isNotNull().isNotEqualTo("done");
            } else {
                assertThat(stem).as(stemId).containsEntry("stage", stage);
            }
        });
    }

    /** Every stem of a listing, following the cursors with pages of {@code limit}; checks the number of pages. */
    private List<Map<String, Object>> pages(String path, int limit, int expectedPages) {
        List<List<Map<String, Object>>> pages = api.pages(path, limit);
        assertThat(pages).as("pages of " + path).hasSize(expectedPages);
        return pages.stream().flatMap(List::stream).toList();
    }

    private Map<String, Object> stats() {
        ResponseEntity<String> response = api.get("/stats");
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
        return api.object(response.getBody());
    }

    /** What this test added to one count map of /stats, in the answer's order. */
    @SuppressWarnings("unchecked")
    private static Map<String, Long> counted(Map<String, Object> after, Map<String, Object> before, String counts) {
        Map<String, Object> then = (Map<String, Object>) before.get(counts);
        Function<Object, Long> number = value -> ((Number) value).longValue();
        Map<String, Long> added = new LinkedHashMap<>();
        ((Map<String, Object>) after.get(counts)).forEach((key, value) ->
                added.put(key, number.apply(value) - number.apply(then.getOrDefault(key, 0))));
        return added;
    }

    private List<Object> minutes(ResponseEntity<String> response) {
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
        @SuppressWarnings("unchecked")
        List<Object> minutes = (List<Object>) api.object(response.getBody()).get("minutes");
        return minutes;
    }

    private static Map<String, Object> minute(String minute, int completed, int duplicate, int failed) {
        return Map.of("minute", minute, "completed", completed, "duplicate", duplicate, "failed", failed);
    }

    private static String stemId(String tag) {
        return "ops-" + tag + "-" + UUID.randomUUID();
    }
}
