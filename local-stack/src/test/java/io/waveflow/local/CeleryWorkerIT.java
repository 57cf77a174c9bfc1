package io.waveflow.local;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole pipeline with the real reference Celery worker (worker/, Debian's Celery 5) reading
 * the real SQS queue: three stems, two with identical audio in differently built WAV files and
 * one different, end as completed, duplicate, completed; the duplicate's file is deleted and the
 * worker ran each task exactly once. Skipped (with what to install) where Debian's Celery is
 * missing, except under CI=true, where it must run.
 */
@ExtendWith(LocalStackExtension.class)
class CeleryWorkerIT {

    private static final Duration PIPELINE = Duration.ofSeconds(120);
    private static final Pattern EXECUTED = Pattern.compile("EXECUTED (\\S+) (\\S+) (\\S+)");

    private static LocalStack stack;
    private static final HttpJson http = new HttpJson();

    @RegisterExtension
    static final ReferenceWorker.PerTestClass worker = new ReferenceWorker.PerTestClass("waveflow-bucket");

    @BeforeAll
    static void stack() {
        stack = LocalStackExtension.stack();
    }

    @Test
    void shouldCompleteNewAudioDeleteTheDuplicateAndRunEachTaskOnce() throws IOException {
        // given: two WAV files with the same samples (one with an extra chunk), and one other
        String run = UUID.randomUUID().toString().substring(0, 8);
        String user = "user-" + run;
        String track = "track-" + run;
        short[] song = tone(440, 8000);
        writeWav(worker.storage().resolve("first-" + run + ".wav"), song, false);
        writeWav(worker.storage().resolve("copy-" + run + ".wav"), song, true);
        writeWav(worker.storage().resolve("other-" + run + ".wav"), tone(660, 8000), false);
        String first = "first-" + run;
        String copy = "copy-" + run;
        String other = "other-" + run;

        // when: the uploader reports each upload, the copy only once the first is analysed
        upload(first, user, track);
        upload(other, user, track);
        await("first completed").atMost(PIPELINE).untilAsserted(() ->
                assertThat(stem(first).path("status").asString()).isEqualTo("completed"));
        upload(copy, user, track);

        // then
        await("copy settled as a duplicate").atMost(PIPELINE).untilAsserted(() -> {
            JsonNode stem = stem(copy);
            assertThat(stem.path("status").asString()).isEqualTo("duplicate");
            assertThat(stem.path("duplicateOf").asString()).isEqualTo(first);
            assertThat(stem.path("stage").asString()).isEqualTo("done");
        });
        await("other completed").atMost(PIPELINE).untilAsserted(() ->
                assertThat(stem(other).path("status").asString()).isEqualTo("completed"));

        JsonNode firstStem = stem(first);
        assertThat(firstStem.path("sampleRate").asInt()).isEqualTo(8000);
        assertThat(firstStem.path("numPeaks").asInt()).isEqualTo(1024);
        assertThat(firstStem.path("duration").asDouble()).isEqualTo(1.0);
        assertThat(firstStem.path("fileSize").asLong()).isEqualTo(Files.size(worker.storage().resolve(first + ".wav")));
        assertThat(firstStem.path("audioHash").asString()).isEqualTo(stem(copy).path("audioHash").asString())
                .isNotEqualTo(stem(other).path("audioHash").asString());
        assertThat(worker.storage().resolve(firstStem.path("waveformDataPath").asString())).exists();
        assertThat(worker.storage().resolve(copy + ".wav")).doesNotExist();
        assertThat(worker.storage().resolve(first + ".wav")).exists();
        assertThat(worker.storage().resolve(other + ".wav")).exists();

        // and: each task ran exactly once, per the worker's own log
        Map<String, List<String>> executions = executionsByTaskId(run);
        assertThat(executions).containsOnlyKeys(
                "hash-" + first + "-1", "hash-" + copy + "-1", "hash-" + other + "-1",
                "analysis-" + first + "-1", "analysis-" + other + "-1", "duplicate-" + copy + "-1");
        executions.forEach((taskId, names) -> assertThat(names).as("executions of %s", taskId).hasSize(1));
        assertThat(executions.get("duplicate-" + copy + "-1")).containsExactly("app.tasks.process_duplicate_file");
    }

    private static void upload(String stemId, String user, String track) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("userId", user);
        body.put("trackId", track);
        body.put("stemId", stemId);
        body.put("filepath", stemId + ".wav");
        body.put("original_filename", stemId + ".wav");
        HttpJson.Response response = http.post(stack.serviceUrl(Service.BRIDGE).resolve("/upload-complete"), body,
                stack.webhookSecret());
        assertThat(response.status()).as("upload %s: %s", stemId, response.body()).isEqualTo(200);
    }

    private static JsonNode stem(String stemId) {
        URI uri = stack.serviceUrl(Service.PROJECTIONS).resolve("/stems/" + stemId);
        HttpJson.Response response = http.get(uri, stack.readToken());
        assertThat(response.status()).as("GET %s: %s; worker log:%n%s", uri, response.body(), log()).isEqualTo(200);
        return response.json();
    }

    private static Map<String, List<String>> executionsByTaskId(String run) {
        Map<String, List<String>> executions = new HashMap<>();
        Matcher matcher = EXECUTED.matcher(log());
        while (matcher.find()) {
            if (matcher.group(3).endsWith(run)) {
                executions.computeIfAbsent(matcher.group(2), id -> new ArrayList<>()).add(matcher.group(1));
            }
        }
        return executions;
    }

    private static String log() {
        return worker.log();
    }

    private static short[] tone(int hertz, int sampleRate) {
        short[] samples = new short[sampleRate];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = (short) (Math.sin(2 * Math.PI * hertz * i / sampleRate) * 12_000);
        }
        return samples;
    }

    /** A 16-bit mono PCM WAV file at 8 kHz; {@code withInfoChunk} adds a LIST chunk after the data. */
    private static void writeWav(Path path, short[] samples, boolean withInfoChunk) throws IOException {
        ByteBuffer data = ByteBuffer.allocate(samples.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (short sample : samples) {
            data.putShort(sample);
        }
        byte[] info = withInfoChunk ? "LIST\u0004\u0000\u0000\u0000INFO".getBytes(StandardCharsets.ISO_8859_1)
                : new byte[0];
        ByteBuffer header = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN);
        header.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + data.capacity() + info.length)
                .put("WAVE".getBytes(StandardCharsets.US_ASCII))
                .put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) 1).putShort((short) 1)
                .putInt(8000).putInt(16_000).putShort((short) 2).putShort((short) 16)
                .put("data".getBytes(StandardCharsets.US_ASCII)).putInt(data.capacity());
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        file.write(header.array());
        file.write(data.array());
        file.write(info);
        Files.write(path, file.toByteArray());
    }
}
