package io.waveflow.contracts.celery;

import io.waveflow.contracts.command.GenerateHash;
import io.waveflow.contracts.command.ProcessAudioAnalysis;
import io.waveflow.contracts.command.ProcessDuplicateFile;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Holds the encoder against messages captured from real Celery 5.2.6 and against the envelope
 * a real worker executed (shared/fixtures/celery, copied to test resources).
 */
class CeleryCodecGoldenTest {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();
    private static final String QUEUE = "waveflow-audio-process-queue";
    private static final Instant TIME = Instant.parse("2026-11-26T00:00:00Z");

    @Test
    void shouldEncodeTheVerifiedMessageByteForByte() throws IOException {
        // given the exact task the worker executed in CELERY_WIRE.md's worked example
        Map<String, Object> kwargs = new LinkedHashMap<>();
        kwargs.put("userId", "u1");
        kwargs.put("trackId", "t1");
        kwargs.put("stemId", "s1");
        kwargs.put("filepath", "a/b.wav");
        kwargs.put("timestamp", "2026-11-26T00:00:00Z");
        kwargs.put("original_filename", "b.wav");
        CeleryTask task = new CeleryTask("app.tasks.generate_hash_and_webhook", "hash-s1-1764115200000",
                List.of(), kwargs);

        // when
        String body = CeleryCodec.encode(task, QUEUE);

        // then
        assertThat(new String(CeleryCodec.envelope(task, QUEUE), StandardCharsets.UTF_8))
                .isEqualTo(resource("generate-hash.envelope.json").strip());
        assertThat(body).isEqualTo(resource("generate-hash.messagebody.txt").strip());
    }

    @Test
    void shouldUseOnlyHeadersAndPropertiesThatCeleryItselfSends() throws IOException {
        JsonNode celery = envelopeOf(capturedBody("celery-5.2.6-send_task-standard-queue.json"));
        JsonNode ours = envelopeOf(CeleryCodec.encode(CeleryTasks.of(generateHash("s1")), QUEUE));

        assertThat(fieldNames(ours)).containsExactlyInAnyOrderElementsOf(fieldNames(celery));
        assertThat(fieldNames(celery.get("headers"))).containsAll(fieldNames(ours.get("headers")));
        assertThat(fieldNames(celery.get("properties"))).containsAll(fieldNames(ours.get("properties")));
        assertThat(fieldNames(ours.get("headers"))).contains("task", "id", "lang", "root_id", "argsrepr",
                "kwargsrepr", "origin");
        assertThat(fieldNames(ours.get("properties"))).contains("delivery_info", "body_encoding");
        assertThat(ours.get("properties").get("delivery_info").get("routing_key").asString()).isEqualTo(QUEUE);
    }

    @Test
    void shouldDecodeWhatCelerySendsOnStandardAndFifoQueues() throws IOException {
        CeleryMessage standard = CeleryCodec.decode(capturedBody("celery-5.2.6-send_task-standard-queue.json"));
        assertThat(standard.task().name()).isEqualTo("app.tasks.generate_hash_and_webhook");
        assertThat(standard.task().id()).isEqualTo("hash-s1-1764115200000");
        assertThat(standard.task().args()).isEmpty();
        assertThat(standard.task().kwargs()).containsExactly(
                Map.entry("userId", "u1"), Map.entry("trackId", "t1"), Map.entry("stemId", "s1"),
                Map.entry("filepath", "a/b.wav"), Map.entry("timestamp", "2026-11-26T00:00:00Z"),
                Map.entry("original_filename", "b.wav"));
        assertThat(standard.routingKey()).isEqualTo(QUEUE);

        CeleryMessage fifo = CeleryCodec.decode(capturedBody("celery-5.2.6-send_task-fifo-queue.json"));
        assertThat(fifo.task().name()).isEqualTo("app.tasks.process_duplicate_file");
        assertThat(fifo.task().kwargs()).containsEntry("audio_hash", "h").containsEntry("stemId", "s9");
        assertThat(fifo.routingKey()).isEqualTo(QUEUE + ".fifo");
    }

    @Test
    void shouldRoundTripEveryTaskWithTheSeedsKwargsIncludingUnicodeFileNames() {
        var commands = List.of(
                generateHash("s-한글"),
                new ProcessDuplicateFile("duplicate-s2-1", TIME, "s2", 1, "u1", "t1", "stems/드럼 #2.wav",
                        "ab12", "s1"),
                new ProcessAudioAnalysis("analysis-s3-2", TIME, "s3", 2, "u1", "t1", "stems/ベース, \"live\".wav",
                        "cd34", "2026-11-26T00:00:00Z", "ベース, \"live\".wav", 1024));

        for (var command : commands) {
            CeleryTask task = CeleryTasks.of(command);
            CeleryMessage decoded = CeleryCodec.decode(CeleryCodec.encode(task, QUEUE));
            assertThat(decoded.task()).isEqualTo(task);
            assertThat(decoded.task().name()).isEqualTo(command.stage().taskName());
        }
        assertThat(CeleryTasks.of(commands.get(0)).kwargs().keySet()).containsExactly(
                "userId", "trackId", "stemId", "filepath", "timestamp", "original_filename");
        assertThat(CeleryTasks.of(commands.get(1)).kwargs().keySet()).containsExactly(
                "userId", "trackId", "stemId", "filepath", "audio_hash");
        assertThat(CeleryTasks.of(commands.get(2)).kwargs()).containsEntry("num_peaks", 1024).containsOnlyKeys(
                "userId", "trackId", "stemId", "filepath", "audio_hash", "timestamp", "original_filename",
                "num_peaks");
    }

    @Test
    void shouldRefuseMessagesThatWouldCrashOrLoopAWorker() {
        CeleryTask noId = new CeleryTask("app.tasks.generate_hash_and_webhook", "", List.of(), Map.of());
        assertThatThrownBy(() -> CeleryCodec.encode(noId, QUEUE)).hasMessageContaining("headers.id");

        CeleryTask valid = CeleryTasks.of(generateHash("s1"));
        assertThatThrownBy(() -> CeleryCodec.encode(valid, "bad queue/name")).hasMessageContaining("queue name");

        Map<String, Object> missingFilepath = new LinkedHashMap<>(valid.kwargs());
        missingFilepath.put("filepath", null);
        CeleryTask withNull = new CeleryTask(valid.name(), valid.id(), List.of(), missingFilepath);
        assertThatThrownBy(() -> CeleryCodec.encode(withNull, QUEUE)).hasMessageContaining("kwarg filepath");

        CeleryTask huge = new CeleryTask(valid.name(), valid.id(), List.of(), Map.of("filepath", "x".repeat(300_000)));
        assertThatThrownBy(() -> CeleryCodec.encode(huge, QUEUE)).hasMessageContaining("over the SQS limit");
    }

    @Test
    void shouldRejectOnDecodeWhatAWorkerCannotRun() throws IOException {
        String seedRawJson = resource("seed-raw-json-REJECTED-by-celery.json");
        assertThatThrownBy(() -> CeleryCodec.decode(seedRawJson)).isInstanceOf(CeleryWireException.class);

        String twoElementBody = Base64.getEncoder().encodeToString(
                "[[], {}]".getBytes(StandardCharsets.UTF_8));
        String envelope = new String(CeleryCodec.envelope(CeleryTasks.of(generateHash("s1")), QUEUE),
                StandardCharsets.UTF_8).replaceFirst("\"body\":\"[^\"]+\"", "\"body\":\"" + twoElementBody + "\"");
        assertThatThrownBy(() -> CeleryCodec.decode(envelope)).hasMessageContaining("[args, kwargs, embed]");
    }

    private static GenerateHash generateHash(String stemId) {
        return new GenerateHash("hash-" + stemId + "-1", TIME, stemId, 1, "u1", "t1", "stems/" + stemId + ".wav",
                "2026-11-26T00:00:00Z", stemId + ".wav");
    }

    private static String capturedBody(String name) throws IOException {
        JsonNode messages = MAPPER.readTree(resource(name));
        return messages.get(0).get("Body").asString();
    }

    private static JsonNode envelopeOf(String sqsBody) {
        return MAPPER.readTree(Base64.getDecoder().decode(sqsBody));
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.propertyNames().forEach(names::add);
        return names;
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = CeleryCodecGoldenTest.class.getResourceAsStream("/celery/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
