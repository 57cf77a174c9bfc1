package io.waveflow.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import io.waveflow.contracts.Sha256;
import io.waveflow.contracts.Stage;
import io.waveflow.contracts.celery.CeleryTask;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;

/**
 * The happy path exactly as a user drives it: the packaged services as child JVMs of a
 * {@link LocalStack} on free ports, HTTP in, and a test-side Celery worker reading the real SQS
 * queue. Two uploads of the same audio end as one completed stem and one duplicate of it.
 */
@ExtendWith(LocalStackExtension.class)
class WalkingSkeletonIT {

    private static final Duration PIPELINE = Duration.ofSeconds(90);

    private static final String GENERATE_HASH = Stage.HASH.taskName();
    private static final String PROCESS_AUDIO_ANALYSIS = Stage.ANALYSIS.taskName();
    private static final String PROCESS_DUPLICATE_FILE = Stage.DUPLICATE.taskName();

    @RegisterExtension
    static final StackClient client = new StackClient();

    @Test
    void shouldCompleteTheFirstUploadAndMarkTheSecondUploadOfTheSameAudioAsItsDuplicate() {
        // given: two stems of one user and track
        String run = UUID.randomUUID().toString().substring(0, 8);
        Stem a = new Stem("stem-a-" + run, "user-" + run, "track-" + run, "vocals.wav");
        Stem b = new Stem("stem-b-" + run, a.userId(), a.trackId(), "vocals (copy).wav");
        String audioHash = Sha256.hex("audio of " + run);

        // when: both uploads complete
        assertSuccess(client.webhook("/upload-complete", a.upload()), "upload-complete " + a.stemId());
        assertSuccess(client.webhook("/upload-complete", b.upload()), "upload-complete " + b.stemId());

        // then: stage 1 for each, as a Celery worker reads it
        CeleryQueue.Received hashA = client.awaitSingleTask(GENERATE_HASH, a.stemId(), PIPELINE);
        CeleryQueue.Received hashB = client.awaitSingleTask(GENERATE_HASH, b.stemId(), PIPELINE);
        assertGenerateHash(hashA, a);
        assertGenerateHash(hashB, b);

        // when: the worker reports A's hash
        String timestampA = (String) hashA.task().kwargs().get("timestamp");
        assertSuccess(client.webhook("/webhook/hash-check", a.hashCheck(audioHash, timestampA)), "hash-check A");

        // then: A owns the hash and goes to analysis
        CeleryTask analysis = client.awaitSingleTask(PROCESS_AUDIO_ANALYSIS, a.stemId(), PIPELINE).task();
        assertThat(analysis.id()).startsWith("analysis-" + a.stemId() + "-");
        assertThat(analysis.args()).isEmpty();
        assertThat(analysis.kwargs()).containsExactlyInAnyOrderEntriesOf(ordered(
                "userId", a.userId(), "trackId", a.trackId(), "stemId", a.stemId(), "filepath", a.filepath(),
                "audio_hash", audioHash, "timestamp", timestampA, "original_filename", a.originalFilename(),
                "num_peaks", 1024));

        // when: B reports the same hash
        String timestampB = (String) hashB.task().kwargs().get("timestamp");
        assertSuccess(client.webhook("/webhook/hash-check", b.hashCheck(audioHash, timestampB)), "hash-check B");

        // then: B is a duplicate, and its file is to be deleted
        CeleryTask duplicate = client.awaitSingleTask(PROCESS_DUPLICATE_FILE, b.stemId(), PIPELINE).task();
        assertThat(duplicate.id()).startsWith("duplicate-" + b.stemId() + "-");
        assertThat(duplicate.args()).isEmpty();
        assertThat(duplicate.kwargs()).containsExactlyInAnyOrderEntriesOf(ordered(
                "userId", b.userId(), "trackId", b.trackId(), "stemId", b.stemId(), "filepath", b.filepath(),
                "audio_hash", audioHash));

        // when: both workers report success
        assertSuccess(client.webhook("/webhook/completion", ordered(
                "stemId", a.stemId(),
                "status", "SUCCESS",
                "result", ordered(
                        "audio_data_hash", audioHash,
                        "waveform_data_path", "waveforms/" + a.stemId() + ".json",
                        "file_size", 5_242_880,
                        "duration", 183.25,
                        "sample_rate", 44_100,
                        "num_peaks", 1024),
                "timestamp", Instant.now().toString())), "completion A");
        // Both as the seed's workers send them: no task name; the workflow matches each completion
        // to the stage its stem awaits (B's clean-up reports an empty result).
        assertSuccess(client.webhook("/webhook/completion", ordered(
                "stemId", b.stemId(),
                "status", "SUCCESS",
                "result", Map.of(),
                "timestamp", Instant.now().toString())), "completion B (duplicate deleted)");

        // then: the read model shows A completed and B as A's duplicate
        await("stem A completed in projections").atMost(PIPELINE).untilAsserted(() -> {
            JsonNode stem = stem(a.stemId());
            assertThat(stem.path("status").asString()).isEqualTo("completed");
        });
        JsonNode stemA = stem(a.stemId());
        assertThat(stemA.path("stemId").asString()).isEqualTo(a.stemId());
        assertThat(stemA.path("userId").asString()).isEqualTo(a.userId());
        assertThat(stemA.path("trackId").asString()).isEqualTo(a.trackId());
        assertThat(stemA.path("audioHash").asString()).isEqualTo(audioHash);
        assertThat(stemA.path("waveformDataPath").asString()).isEqualTo("waveforms/" + a.stemId() + ".json");
        assertThat(stemA.path("fileSize").asLong()).isEqualTo(5_242_880L);
        assertThat(stemA.path("duration").asDouble()).isEqualTo(183.25);
        assertThat(stemA.path("sampleRate").asInt()).isEqualTo(44_100);
        assertThat(stemA.path("numPeaks").asInt()).isEqualTo(1024);
        assertThat(stemA.path("processedAt").isNull()).as("processedAt of %s", stemA).isFalse();
        assertThat(stemA.path("processedAt").isMissingNode()).as("processedAt of %s", stemA).isFalse();

        await("stem B duplicate in projections").atMost(PIPELINE).untilAsserted(() -> {
            JsonNode stem = stem(b.stemId());
            assertThat(stem.path("status").asString()).isEqualTo("duplicate");
            assertThat(stem.path("duplicateOf").asString()).isEqualTo(a.stemId());
        });
        await("stem B's clean-up settled").atMost(PIPELINE).untilAsserted(() -> {
            HttpJson.Response history = client.read(client.projections("/stems/" + b.stemId() + "/history"));
            assertThat(history.status()).as(history.body()).isEqualTo(200);
            assertThat(history.json().findValuesAsString("type"))
                    .contains("io.waveflow.workflow.DuplicateSettled.v1");
        });

        // and: the workers were asked for exactly those four tasks, and nothing follows them
        await("no further Celery tasks").atMost(Duration.ofSeconds(30)).during(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(client.queue().drain())
                        .extracting(r -> r.task().name() + " " + r.task().kwargs().get("stemId"))
                        .containsExactlyInAnyOrder(
                                GENERATE_HASH + " " + a.stemId(),
                                GENERATE_HASH + " " + b.stemId(),
                                PROCESS_AUDIO_ANALYSIS + " " + a.stemId(),
                                PROCESS_DUPLICATE_FILE + " " + b.stemId()));
    }

    @ParameterizedTest
    @EnumSource(Service.class)
    void shouldServeHealthAndPrometheusMetrics(Service service) {
        HttpJson.Response health = client.http().get(client.stack().serviceUrl(service).resolve("/actuator/health"));
        assertThat(health.status()).as("%s health: %s", service, health.body()).isEqualTo(200);
        assertThat(health.json().path("status").asString()).isEqualTo("UP");

        HttpJson.Response metrics = client.read(client.stack().serviceUrl(service).resolve("/actuator/prometheus"));
        assertThat(metrics.status()).as("%s prometheus", service).isEqualTo(200);
        assertThat(metrics.body()).contains("# TYPE jvm_memory_used_bytes gauge");
    }

    private record Stem(String stemId, String userId, String trackId, String originalFilename) {

        String filepath() {
            return "stems/" + userId + "/" + trackId + "/" + stemId + ".wav";
        }

        Map<String, Object> upload() {
            return ordered("userId", userId, "trackId", trackId, "stemId", stemId,
                    "filepath", filepath(), "original_filename", originalFilename);
        }

        /** What the worker posts after hashing, echoing the task's own timestamp as the seed's worker does. */
        Map<String, Object> hashCheck(String audioHash, String timestamp) {
            return ordered("stemId", stemId, "userId", userId, "trackId", trackId, "filepath", filepath(),
                    "audio_hash", audioHash, "timestamp", timestamp, "original_filename", originalFilename,
                    "status", "SUCCESS");
        }
    }

    private static void assertGenerateHash(CeleryQueue.Received received, Stem stem) {
        CeleryTask task = received.task();
        assertThat(task.id()).isEqualTo("hash-" + stem.stemId() + "-1");
        assertThat(task.args()).isEmpty();
        assertThat(task.kwargs()).containsOnlyKeys(
                "userId", "trackId", "stemId", "filepath", "timestamp", "original_filename");
        assertThat(task.kwargs()).containsAllEntriesOf(ordered(
                "userId", stem.userId(), "trackId", stem.trackId(), "stemId", stem.stemId(),
                "filepath", stem.filepath(), "original_filename", stem.originalFilename()));
        // The bridge stamps the receive time in the seed's ISO-8601 UTC shape.
        assertThat(Instant.parse((String) task.kwargs().get("timestamp")))
                .isBetween(Instant.now().minus(Duration.ofMinutes(5)), Instant.now());
        assertThat(received.message().routingKey()).isEqualTo(LocalStack.QUEUE);

        JsonNode envelope = received.envelope();
        assertThat(envelope.path("content-type").asString()).isEqualTo("application/json");
        assertThat(envelope.path("content-encoding").asString()).isEqualTo("utf-8");
        assertThat(envelope.path("headers").path("task").asString()).isEqualTo(GENERATE_HASH);
        assertThat(envelope.path("headers").path("id").asString()).isEqualTo(task.id());
        assertThat(envelope.path("headers").path("lang").asString()).isEqualTo("py");
        assertThat(envelope.path("properties").path("delivery_info").path("routing_key").asString())
                .isEqualTo(LocalStack.QUEUE);
        assertThat(envelope.path("properties").path("body_encoding").asString()).isEqualTo("base64");
    }

    private static void assertSuccess(HttpJson.Response response, String what) {
        assertThat(response.status()).as("%s answered %s", what, response.body()).isEqualTo(200);
        assertThat(response.json().path("status").asString()).as("%s body", what).isEqualTo("success");
    }

    private static JsonNode stem(String stemId) {
        HttpJson.Response response = client.read(client.projections("/stems/" + stemId));
        assertThat(response.status()).as("GET /stems/%s answered %s", stemId, response.body()).isEqualTo(200);
        return response.json();
    }

    /** A map that keeps its keys in the order given, as the seed writes its JSON. */
    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
