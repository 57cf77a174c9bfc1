package io.waveflow.local;

import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import io.waveflow.contracts.TraceHeaders;
import io.waveflow.local.OtlpReceiver.ReceivedSpan;
import io.waveflow.contracts.webhook.WebhookSignature;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
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
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One trace per stem end to end on the shared local stack, whose services export their spans to
 * this JVM's {@link OtlpReceiver}: an upload sent with a {@code traceparent} reaches the real
 * Celery worker in that trace (the hash task's message headers), the worker's hash-check webhook
 * passes it on, and the analysis task, decided across the topology's claim repartition hops, is
 * still in it; the exported spans of all three services (HTTP server, Kafka produce and consume,
 * the topology's processors, the SQS sends) are in that one trace, the Celery {@code traceparent}
 * names the SQS send span and the worker's webhooks are its children. A duplicate uploaded without
 * a {@code traceparent} gets a trace of its own, which its spans, hash and duplicate tasks share.
 * The worker logs the {@code traceparent} each task's message carried. Skipped where Debian's
 * Celery is missing, except under CI=true.
 */
@ExtendWith(LocalStackExtension.class)
class TracingIT {

    private static final Duration PIPELINE = Duration.ofSeconds(120);
    /** The services export in batches, every few seconds. */
    private static final Duration EXPORT = Duration.ofSeconds(60);
    /** The services' {@code service.name} (their spring.application.name). */
    private static final String BRIDGE = "waveflow-bridge";
    private static final String STEM_ID = "waveflow.stem_id";
    private static final String TASK_NAME = "waveflow.task.name";
    private static final String TASK_ID = "waveflow.task.id";
    private static final Pattern EXECUTED = Pattern.compile("EXECUTED \\S+ (\\S+) (\\S+) traceparent=(\\S+)");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static LocalStack stack;
    private static final OtlpReceiver receiver = OtlpReceiver.shared();
    private static final HttpJson http = new HttpJson();
    private static final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @RegisterExtension
    static final ReferenceWorker.PerTestClass worker = new ReferenceWorker.PerTestClass("waveflow-trace-bucket");

    @BeforeAll
    static void stack() {
        stack = LocalStackExtension.stack();
    }

    @Test
    void shouldCarryTheUploadersTraceToEveryTaskAndGiveTheDuplicateItsOwn() throws Exception {
        // given: two uploads of the same audio; the first comes with the uploader's trace context
        String run = UUID.randomUUID().toString().substring(0, 8);
        String trace = UUID.randomUUID().toString().replace("-", "");
        String uploaderSpan = "00f067aa0ba902b7";
        String first = "traced-" + run;
        String copy = "untraced-" + run;
        writeWav(worker.storage().resolve(first + ".wav"));
        writeWav(worker.storage().resolve(copy + ".wav"));

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

        // then: the services' spans of each stem are one trace, joined to the worker's hops
        await("the first stem's spans").atMost(EXPORT).untilAsserted(() -> {
            List<ReceivedSpan> spans = receiver.trace(trace);
            assertThat(spans).as(listing(spans)).anySatisfy(span -> {
                assertThat(span.kind()).isEqualTo(SpanKind.SPAN_KIND_SERVER);
                assertThat(span.name()).contains("/upload-complete");
                assertThat(span.parentSpanId()).as("the uploader's span").isEqualTo(uploaderSpan);
            });
            assertStemSpans(spans, first);
            assertTaskHop(spans, first, "hash-" + first + "-1", "app.tasks.generate_hash_and_webhook",
                    traceparents, "/webhook/hash-check");
            assertTaskHop(spans, first, "analysis-" + first + "-1", "app.tasks.process_audio_analysis",
                    traceparents, "/webhook/completion");
            assertThat(spans).as(listing(spans)).extracting(ReceivedSpan::name)
                    .contains("hash-claims", "stem-decisions", "process waveflow.workflow.v1");
        });
        await("the duplicate's spans").atMost(EXPORT).untilAsserted(() -> {
            List<ReceivedSpan> spans = receiver.trace(copyTrace);
            assertThat(spans).as(listing(spans)).anySatisfy(span -> {
                assertThat(span.name()).contains("/upload-complete");
                assertThat(span.parentSpanId()).as("a new root").isEmpty();
            });
            assertStemSpans(spans, copy);
            assertTaskHop(spans, copy, "hash-" + copy + "-1", "app.tasks.generate_hash_and_webhook",
                    traceparents, "/webhook/hash-check");
        });
        assertThat(receiver.withAttribute(STEM_ID, first)).as("every span about the first stem")
                .extracting(ReceivedSpan::traceId).containsOnly(trace);
        assertThat(receiver.withAttribute(STEM_ID, copy)).as("every span about the duplicate")
                .extracting(ReceivedSpan::traceId).containsOnly(copyTrace);
        System.out.println("TracingIT: the spans of stem " + first + listing(receiver.trace(trace)));
    }

    /** Spans of the stem in each service: Kafka produce and consume, the topology's processing. */
    private static void assertStemSpans(List<ReceivedSpan> spans, String stemId) {
        List<ReceivedSpan> ofStem = spans.stream().filter(span -> stemId.equals(span.attribute(STEM_ID))).toList();
        assertThat(ofStem).as(listing(spans))
                .anySatisfy(span -> assertSpan(span, BRIDGE, SpanKind.SPAN_KIND_PRODUCER, "waveflow.inbound.v1"))
                .anySatisfy(span -> assertSpan(span, "workflow-streams", SpanKind.SPAN_KIND_CONSUMER,
                        "process waveflow.inbound.v1"))
                .anySatisfy(span -> assertSpan(span, "workflow-streams", SpanKind.SPAN_KIND_INTERNAL, "stem-inbound"))
                .anySatisfy(span -> assertSpan(span, "workflow-streams", SpanKind.SPAN_KIND_PRODUCER,
                        "send waveflow.commands.v1"))
                .anySatisfy(span -> assertSpan(span, BRIDGE, SpanKind.SPAN_KIND_CONSUMER, "process waveflow.commands.v1"))
                .anySatisfy(span -> assertSpan(span, "projections", SpanKind.SPAN_KIND_CONSUMER, "process waveflow."));
    }

    private static void assertSpan(ReceivedSpan span, String service, SpanKind kind, String name) {
        assertThat(span.service()).isEqualTo(service);
        assertThat(span.kind()).isEqualTo(kind);
        assertThat(span.name()).contains(name);
    }

    /**
     * The task's SQS send span carries stem, task name and task id, the Celery message's
     * {@code traceparent} names it, and the worker's webhook for the task is its child.
     */
    private static void assertTaskHop(List<ReceivedSpan> spans, String stemId, String taskId, String taskName,
                                      Map<String, String> celeryTraceparents, String webhook) {
        ReceivedSpan send = spans.stream().filter(span -> taskId.equals(span.attribute(TASK_ID))).findFirst()
                .orElseThrow(() -> new AssertionError("no span with task id " + taskId + listing(spans)));
        assertThat(send.name()).isEqualTo("sqs send " + taskName);
        assertThat(send.service()).isEqualTo(BRIDGE);
        assertThat(send.attribute(TASK_NAME)).isEqualTo(taskName);
        assertThat(send.attribute(STEM_ID)).isEqualTo(stemId);
        assertThat(celeryTraceparents.get(taskId)).as("the Celery traceparent of " + taskId)
                .contains("-" + send.spanId() + "-");
        assertThat(spans).as(listing(spans)).anySatisfy(span -> {
            assertSpan(span, BRIDGE, SpanKind.SPAN_KIND_SERVER, webhook);
            assertThat(span.parentSpanId()).as("the worker's webhook continues the task's span")
                    .isEqualTo(send.spanId());
        });
    }

    private static String listing(List<ReceivedSpan> spans) {
        StringBuilder text = new StringBuilder(System.lineSeparator());
        for (ReceivedSpan span : spans) {
            text.append(String.format("  %-17s %-20s %-45s span %s parent %-16s %s%n", span.service(),
                    span.kind().name().replace("SPAN_KIND_", ""), span.name(), span.spanId(), span.parentSpanId(),
                    span.attributes().entrySet().stream().filter(a -> a.getKey().startsWith("waveflow.")).toList()));
        }
        return text.toString();
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
