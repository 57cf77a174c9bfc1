package io.waveflow.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.waveflow.contracts.Sha256;
import io.waveflow.contracts.Stage;
import io.waveflow.contracts.celery.CeleryTask;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * The operators' retry and cancel (issue 15) on the real local stack: admin calls to the bridge,
 * a test-side worker on the real SQS queue, the outcome read from projections with the read token.
 */
@ExtendWith(LocalStackExtension.class)
class ControlCommandsIT {

    private static final Duration PIPELINE = Duration.ofSeconds(90);
    private static final String GENERATE_HASH = Stage.HASH.taskName();
    private static final String ANALYSIS = Stage.ANALYSIS.taskName();
    private static final String DUPLICATE = Stage.DUPLICATE.taskName();

    @RegisterExtension
    static final StackClient client = new StackClient();

    @Test
    void shouldRetryAStemFailedWithANonRetryableErrorAndCompleteItWithTheSecondAnalysisTask() {
        Stem stem = Stem.fresh("retry");
        analysing(stem);

        ok(client.webhook("/webhook/completion", ordered("stemId", stem.stemId(), "task", ANALYSIS,
                "status", "FAILURE", "result", ordered("error_message", "cannot decode", "error_code", "DECODE_ERROR"),
                "timestamp", Instant.now().toString())), "failed completion");
        awaitStatus(stem.stemId(), "error");

        HttpJson.Response retry = client.admin("/admin/stems/" + stem.stemId() + "/retry",
                ordered("reason", "decoder fixed"));
        assertThat(retry.status()).as(retry.body()).isEqualTo(202);
        assertThat(retry.json().path("status").asString()).isEqualTo("accepted");

        await("analysis-" + stem.stemId() + "-2").atMost(PIPELINE)
                .until(() -> client.queue().tasks(ANALYSIS, stem.stemId()).size() >= 2);
        assertThat(client.queue().tasks(ANALYSIS, stem.stemId())).extracting(r -> r.task().id())
                .containsExactly("analysis-" + stem.stemId() + "-1", "analysis-" + stem.stemId() + "-2");
        awaitStatus(stem.stemId(), "processing");

        ok(client.webhook("/webhook/completion", stem.analysed()), "completion of the retry");
        awaitStatus(stem.stemId(), "completed");
        assertThat(stem(stem.stemId()).path("attempts").asInt()).isEqualTo(2);

        JsonNode retried = entry(history(stem.stemId()), "io.waveflow.inbound.RetryRequested.v1");
        assertThat(retried.path("payload").path("requestedBy").asString()).isEqualTo("local-admin");
        assertThat(retried.path("payload").path("reason").asString()).isEqualTo("decoder fixed");
        assertThat(client.queue().tasks(ANALYSIS, stem.stemId())).hasSize(2);
    }

    @Test
    void shouldRejectTheLateCompletionOfACancelledStemAndLetANewStemClaimItsHash() {
        Stem cancelled = Stem.fresh("cancel");
        analysing(cancelled);

        HttpJson.Response cancel = client.admin("/admin/stems/" + cancelled.stemId() + "/cancel",
                ordered("reason", "uploaded by mistake"));
        assertThat(cancel.status()).as(cancel.body()).isEqualTo(202);
        awaitStatus(cancelled.stemId(), "cancelled");

        HttpJson.Response late = client.webhook("/webhook/completion", cancelled.analysed());
        ok(late, "late completion");
        String lateId = late.json().path("eventId").asString();
        await("the late completion rejected").atMost(PIPELINE).untilAsserted(() -> assertThat(
                history(cancelled.stemId())).anySatisfy(event -> {
                    assertThat(event.path("type").asString()).isEqualTo("io.waveflow.workflow.EventRejected.v1");
                    assertThat(event.path("payload").path("rejectedEventId").asString()).isEqualTo(lateId);
                }));
        assertThat(stem(cancelled.stemId()).path("status").asString()).isEqualTo("cancelled");
        JsonNode asked = entry(history(cancelled.stemId()), "io.waveflow.workflow.StemCancelled.v1");
        assertThat(asked.path("payload").path("requestedBy").asString()).isEqualTo("local-admin");
        assertThat(asked.path("payload").path("reason").asString()).isEqualTo("uploaded by mistake");

        // The same audio uploaded again is new audio: analysed, not a duplicate of the cancelled stem.
        Stem again = new Stem("again-" + cancelled.run(), cancelled.userId(), cancelled.trackId(), cancelled.audioHash(),
                cancelled.run());
        analysing(again);
        assertThat(client.queue().tasks(DUPLICATE, again.stemId())).isEmpty();
        assertThat(client.queue().tasks(ANALYSIS, cancelled.stemId())).hasSize(1);
    }

    @Test
    void shouldChangeNothingAndSendNothingForARetryOfACompletedStem() {
        Stem stem = Stem.fresh("done");
        analysing(stem);
        ok(client.webhook("/webhook/completion", stem.analysed()), "completion");
        awaitStatus(stem.stemId(), "completed");

        HttpJson.Response retry = client.admin("/admin/stems/" + stem.stemId() + "/retry", Map.of());
        assertThat(retry.status()).as(retry.body()).isEqualTo(202);
        String retryId = retry.json().path("eventId").asString();

        // A marker stem uploaded after the retry: once its task is on the queue, the retry was decided.
        Stem marker = Stem.fresh("marker");
        ok(client.webhook("/upload-complete", marker.upload()), "marker upload");
        client.awaitSingleTask(GENERATE_HASH, marker.stemId(), PIPELINE);
        await("the retry rejected").atMost(PIPELINE).untilAsserted(() -> assertThat(history(stem.stemId()))
                .anySatisfy(event -> {
                    assertThat(event.path("type").asString()).isEqualTo("io.waveflow.workflow.EventRejected.v1");
                    assertThat(event.path("payload").path("rejectedEventId").asString()).isEqualTo(retryId);
                    assertThat(event.path("payload").path("reason").asString())
                            .isEqualTo("retry but the stem is completed");
                }));

        List<String> tasksOfStem = new ArrayList<>();
        for (CeleryQueue.Received received : client.queue().drain()) {
            if (stem.stemId().equals(received.task().kwargs().get("stemId"))) {
                tasksOfStem.add(received.task().id());
            }
        }
        assertThat(tasksOfStem).containsExactly("hash-" + stem.stemId() + "-1", "analysis-" + stem.stemId() + "-1");
        JsonNode row = stem(stem.stemId());
        assertThat(row.path("status").asString()).isEqualTo("completed");
        assertThat(row.path("attempts").asInt()).isEqualTo(1);
    }

    /** Upload, hash task, hash report, and the stem's first analysis task on the queue. */
    private static void analysing(Stem stem) {
        ok(client.webhook("/upload-complete", stem.upload()), "upload-complete " + stem.stemId());
        CeleryTask hash = client.awaitSingleTask(GENERATE_HASH, stem.stemId(), PIPELINE).task();
        ok(client.webhook("/webhook/hash-check", stem.hashCheck((String) hash.kwargs().get("timestamp"))),
                "hash-check " + stem.stemId());
        CeleryTask analysis = client.awaitSingleTask(ANALYSIS, stem.stemId(), PIPELINE).task();
        assertThat(analysis.id()).isEqualTo("analysis-" + stem.stemId() + "-1");
    }

    private record Stem(String stemId, String userId, String trackId, String audioHash, String run) {

        static Stem fresh(String name) {
            String run = UUID.randomUUID().toString().substring(0, 8);
            return new Stem(name + "-" + run, "user-" + run, "track-" + run, Sha256.hex("audio of " + run), run);
        }

        String filepath() {
            return "stems/" + userId + "/" + trackId + "/" + stemId + ".wav";
        }

        Map<String, Object> upload() {
            return ordered("userId", userId, "trackId", trackId, "stemId", stemId, "filepath", filepath(),
                    "original_filename", stemId + ".wav");
        }

        Map<String, Object> hashCheck(String timestamp) {
            return ordered("stemId", stemId, "userId", userId, "trackId", trackId, "filepath", filepath(),
                    "audio_hash", audioHash, "timestamp", timestamp, "original_filename", stemId + ".wav",
                    "status", "SUCCESS");
        }

        Map<String, Object> analysed() {
            return ordered("stemId", stemId, "task", ANALYSIS, "status", "SUCCESS",
                    "result", ordered("audio_data_hash", audioHash, "waveform_data_path", "waveforms/" + stemId + ".json",
                            "file_size", 1024, "duration", 12.5, "sample_rate", 44_100, "num_peaks", 1024),
                    "timestamp", Instant.now().toString());
        }
    }

    private static void awaitStatus(String stemId, String status) {
        await(stemId + " " + status + " in projections").atMost(PIPELINE).untilAsserted(() ->
                assertThat(stem(stemId).path("status").asString()).isEqualTo(status));
    }

    private static JsonNode stem(String stemId) {
        HttpJson.Response response = client.read(client.projections("/stems/" + stemId));
        assertThat(response.status()).as("GET /stems/%s answered %s", stemId, response.body()).isEqualTo(200);
        return response.json();
    }

    private static List<JsonNode> history(String stemId) {
        HttpJson.Response response = client.read(client.projections("/stems/" + stemId + "/history"));
        assertThat(response.status()).as("history of %s: %s", stemId, response.body()).isEqualTo(200);
        List<JsonNode> entries = new ArrayList<>();
        response.json().forEach(entries::add);
        return entries;
    }

    private static JsonNode entry(List<JsonNode> history, String type) {
        return history.stream().filter(event -> event.path("type").asString().equals(type)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + type + " in " + history));
    }

    private static void ok(HttpJson.Response response, String what) {
        assertThat(response.status()).as("%s answered %s", what, response.body()).isEqualTo(200);
    }

    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
