package io.waveflow.local;

import io.waveflow.contracts.TraceHeaders;
import io.waveflow.contracts.webhook.WebhookSignature;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Trace context end to end on the shared local stack, which exports no spans (no
 * {@code OTEL_EXPORTER_OTLP_ENDPOINT}): an upload sent with a {@code traceparent} reaches the real
 * Celery worker in that trace (the hash task's message headers), the worker's hash-check webhook
 * passes it on, and the analysis task, decided across the topology's claim repartition hops, is
 * still in it. A duplicate uploaded without a {@code traceparent} gets a trace of its own, which
 * its hash and duplicate tasks share. The worker logs the {@code traceparent} each task's message
 * carried. Skipped where Debian's Celery is missing, except under CI=true.
 */
@ExtendWith(LocalStackExtension.class)
class TracingIT {

    private static final Duration PIPELINE = Duration.ofSeconds(120);
    private static final Pattern EXECUTED = Pattern.compile("EXECUTED \\S+ (\\S+) (\\S+) traceparent=(\\S+)");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static LocalStack stack;
    private static Path storage;
    private static ReferenceWorker worker;
    private static final HttpJson http = new HttpJson();
    private static final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    static void startWorker() throws Exception {
        stack = LocalStackExtension.stack();
        storage = Files.createTempDirectory("waveflow-trace-bucket");
        worker = ReferenceWorker.start(stack, storage);
    }

    @AfterAll
    static void stopWorker() throws InterruptedException {
        if (worker != null) {
            worker.stop();
        }
    }

    @Test
    void shouldCarryTheUploadersTraceToEveryTaskAndGiveTheDuplicateItsOwn() throws Exception {
        // given: two uploads of the same audio; the first comes with the uploader's trace context
        String run = UUID.randomUUID().toString().substring(0, 8);
        String trace = UUID.randomUUID().toString().replace("-", "");
        String uploaderSpan = "00f067aa0ba902b7";
        String first = "traced-" + run;
        String copy = "untraced-" + run;
        writeWav(storage.resolve(first + ".wav"));
        writeWav(storage.resolve(copy + ".wav"));

        // when
        upload(first, "user-" + run, "00-" + trace + "-" + uploaderSpan + "-01");
        await("first completed").atMost(PIPELINE).untilAsserted(() ->
                assertThat(status(first)).isEqualTo("completed"));
        upload(copy, "user-" + run, null);
        await("copy settled as a duplicate").atMost(PIPELINE).untilAsserted(() ->
                assertThat(status(copy)).isEqualTo("duplicate"));

        // then: each task's Celery message carried the trace of the upload that caused it
        Map<String, String> traceparents = traceparentsByTaskId(run);
        assertThat(traceparents).containsOnlyKeys("hash-" + first + "-1", "analysis-" + first + "-1",
                "hash-" + copy + "-1", "duplicate-" + copy + "-1");
        assertThat(TraceHeaders.traceId(traceparents.get("hash-" + first + "-1"))).isEqualTo(trace);
        assertThat(TraceHeaders.traceId(traceparents.get("analysis-" + first + "-1"))).isEqualTo(trace);
        assertThat(traceparents.get("hash-" + first + "-1")).as("the bridge's send span, not the uploader's")
                .doesNotContain(uploaderSpan);

        String copyTrace = TraceHeaders.traceId(traceparents.get("hash-" + copy + "-1"));
        assertThat(copyTrace).as("an upload without traceparent starts a trace").matches("[0-9a-f]{32}")
                .isNotEqualTo(trace).isNotEqualTo("0".repeat(32));
        assertThat(TraceHeaders.traceId(traceparents.get("duplicate-" + copy + "-1"))).isEqualTo(copyTrace);
    }

    private static void upload(String stemId, String user, String traceparent) throws IOException, InterruptedException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("userId", user);
        body.put("trackId", "track");
        body.put("stemId", stemId);
        body.put("filepath", stemId + ".wav");
        body.put("original_filename", stemId + ".wav");
        byte[] bytes = JSON.writeValueAsBytes(body);
        HttpRequest.Builder request = HttpRequest.newBuilder(stack.serviceUrl(Service.BRIDGE).resolve("/upload-complete"))
                .timeout(Duration.ofSeconds(15))
                .header("Content-Type", "application/json")
                .header(WebhookSignature.HEADER,
                        WebhookSignature.sign(stack.webhookSecret(), Instant.now().getEpochSecond(), bytes))
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes));
        if (traceparent != null) {
            request.header(TraceHeaders.TRACEPARENT, traceparent);
        }
        HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("upload %s: %s", stemId, response.body()).isEqualTo(200);
    }

    private static String status(String stemId) {
        URI uri = stack.serviceUrl(Service.PROJECTIONS).resolve("/stems/" + stemId);
        HttpJson.Response response = http.get(uri, stack.readToken());
        assertThat(response.status()).as("GET %s: %s; worker log:%n%s", uri, response.body(), log()).isEqualTo(200);
        return response.json().path("status").asString();
    }

    private static Map<String, String> traceparentsByTaskId(String run) {
        Map<String, String> traceparents = new HashMap<>();
        Matcher matcher = EXECUTED.matcher(log());
        while (matcher.find()) {
            if (matcher.group(2).endsWith(run)) {
                traceparents.put(matcher.group(1), matcher.group(3));
            }
        }
        return traceparents;
    }

    private static String log() {
        return worker.log();
    }

    /** One second of a 440 Hz tone, 16-bit mono PCM at 8 kHz. */
    private static void writeWav(Path path) throws IOException {
        int rate = 8000;
        ByteBuffer wav = ByteBuffer.allocate(44 + rate * 2).order(ByteOrder.LITTLE_ENDIAN);
        wav.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + rate * 2)
                .put("WAVEfmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) 1).putShort((short) 1)
                .putInt(rate).putInt(rate * 2).putShort((short) 2).putShort((short) 16)
                .put("data".getBytes(StandardCharsets.US_ASCII)).putInt(rate * 2);
        for (int i = 0; i < rate; i++) {
            wav.putShort((short) (Math.sin(2 * Math.PI * 440 * i / rate) * 12_000));
        }
        Files.write(path, wav.array());
    }
}
