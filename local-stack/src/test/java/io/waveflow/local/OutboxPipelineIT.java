package io.waveflow.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import io.waveflow.contracts.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

/**
 * The transactional outbox through the whole pipeline (bridge/OUTBOX.md): an application inserts
 * outbox rows into the local stack's PostgreSQL instead of calling {@code /upload-complete}; an
 * upload row leads to a generate-hash task on SQS, and a deletion row for a completed stem
 * releases its hash, so the next stem with that audio is claimed, not a duplicate.
 */
@ExtendWith(LocalStackExtension.class)
class OutboxPipelineIT {

    private static final Duration PIPELINE = Duration.ofSeconds(90);
    private static final String INSERT = "INSERT INTO outbox.waveflow_outbox (id, aggregatetype, aggregateid, type, "
            + "payload) VALUES (?::uuid, 'stem', ?, ?, ?::jsonb)";

    private static final String GENERATE_HASH = Stage.HASH.taskName();
    private static final String PROCESS_AUDIO_ANALYSIS = Stage.ANALYSIS.taskName();
    private static final String PROCESS_DUPLICATE_FILE = Stage.DUPLICATE.taskName();

    @RegisterExtension
    static final StackClient client = new StackClient();

    @Test
    void shouldStartAStemFromAnOutboxRowAndReleaseItsHashWhenADeletionRowFollows() throws SQLException {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String userId = "user-" + run;
        String trackId = "track-" + run;
        String first = "stem-outbox-a-" + run;
        String second = "stem-outbox-b-" + run;
        String audioHash = "ab" + UUID.randomUUID().toString().replace("-", "");

        // when: the application commits an upload through the outbox
        String uploadRow = insert(first, "UploadCompleted", upload(first, userId, trackId));

        // then: stage 1 is commanded, stamped with the row's creation time
        CeleryQueue.Received hash = client.awaitSingleTask(GENERATE_HASH, first, PIPELINE);
        assertThat(hash.task().id()).isEqualTo("hash-" + first + "-1");
        assertThat(hash.task().kwargs()).containsEntry("stemId", first).containsEntry("userId", userId)
                .containsEntry("filepath", "stems/" + first + ".wav");
        await("the upload in projections").atMost(PIPELINE).until(() -> stem(first).path("stemId").asString()
                .equals(first));

        // and: the stem completes (the worker's webhooks, as in the walking skeleton)
        String timestamp = (String) hash.task().kwargs().get("timestamp");
        assertSuccess(client.webhook("/webhook/hash-check", hashCheck(first, userId, trackId, audioHash, timestamp)));
        client.awaitSingleTask(PROCESS_AUDIO_ANALYSIS, first, PIPELINE);
        assertSuccess(client.webhook("/webhook/completion", completion(first, audioHash)));
        await("stem completed").atMost(PIPELINE).until(() -> "completed".equals(stem(first).path("status").asString()));

        // when: the application deletes the stem through the outbox
        insert(first, "StemDeleted", "{\"userId\":\"" + userId + "\",\"trackId\":\"" + trackId + "\"}");

        // then: the read model shows it deleted
        await("stem deleted").atMost(PIPELINE).until(() -> "deleted".equals(stem(first).path("status").asString()));

        // when: a new stem of the same user and track brings the same audio
        insert(second, "UploadCompleted", upload(second, userId, trackId));
        CeleryQueue.Received secondHash = client.awaitSingleTask(GENERATE_HASH, second, PIPELINE);
        assertSuccess(client.webhook("/webhook/hash-check", hashCheck(second, userId, trackId, audioHash,
                (String) secondHash.task().kwargs().get("timestamp"))));

        // then: it claims the released hash and goes to analysis, not to duplicate clean-up
        client.awaitSingleTask(PROCESS_AUDIO_ANALYSIS, second, PIPELINE);
        assertThat(client.queue().tasks(PROCESS_DUPLICATE_FILE, second)).isEmpty();
        await("second stem analysing").atMost(PIPELINE).untilAsserted(() -> {
            JsonNode stem = stem(second);
            assertThat(stem.path("status").asString()).isNotEqualTo("duplicate");
            assertThat(stem.path("audioHash").asString()).isEqualTo(audioHash);
        });
        assertThat(uploadRow).isNotBlank();
    }

    private static String insert(String stemId, String type, String payload) throws SQLException {
        String id = UUID.randomUUID().toString();
        try (Connection connection = DriverManager.getConnection(client.stack().jdbcUrl(), client.stack().databaseUsername(),
                client.stack().databasePassword());
             PreparedStatement insert = connection.prepareStatement(INSERT)) {
            insert.setString(1, id);
            insert.setString(2, stemId);
            insert.setString(3, type);
            insert.setString(4, payload);
            insert.executeUpdate();
        }
        return id;
    }

    private static String upload(String stemId, String userId, String trackId) {
        return "{\"userId\":\"" + userId + "\",\"trackId\":\"" + trackId + "\",\"stemId\":\"" + stemId
                + "\",\"filepath\":\"stems/" + stemId + ".wav\",\"original_filename\":\"bass.wav\"}";
    }

    private static Map<String, Object> hashCheck(String stemId, String userId, String trackId, String audioHash,
                                                 String timestamp) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("stemId", stemId);
        body.put("userId", userId);
        body.put("trackId", trackId);
        body.put("filepath", "stems/" + stemId + ".wav");
        body.put("audio_hash", audioHash);
        body.put("timestamp", timestamp);
        body.put("original_filename", "bass.wav");
        body.put("status", "SUCCESS");
        return body;
    }

    private static Map<String, Object> completion(String stemId, String audioHash) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("audio_data_hash", audioHash);
        result.put("waveform_data_path", "waveforms/" + stemId + ".json");
        result.put("file_size", 1024);
        result.put("duration", 12.5);
        result.put("sample_rate", 44_100);
        result.put("num_peaks", 1024);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("stemId", stemId);
        body.put("status", "SUCCESS");
        body.put("result", result);
        body.put("timestamp", Instant.now().toString());
        return body;
    }

    private static void assertSuccess(HttpJson.Response response) {
        assertThat(response.status()).as("answered %s", response.body()).isEqualTo(200);
    }

    private static JsonNode stem(String stemId) {
        return client.read(client.projections("/stems/" + stemId)).json();
    }
}
