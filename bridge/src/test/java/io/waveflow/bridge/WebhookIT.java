package io.waveflow.bridge;

import io.waveflow.bridge.webhook.WebhookMapper;
import io.waveflow.contracts.inbound.CompletionResult;
import io.waveflow.contracts.inbound.HashReported;
import io.waveflow.contracts.inbound.InboundEvent;
import io.waveflow.contracts.inbound.ProcessingCompleted;
import io.waveflow.contracts.inbound.UploadCompleted;
import io.waveflow.contracts.topic.Topics;
import io.waveflow.contracts.webhook.WebhookSignature;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.core.ProducerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.ByteArrayInputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Webhooks against the real bridge: what is answered, and what lands on the inbound topic. */
class WebhookIT extends BridgeITSupport {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private TopicReader<InboundEvent> inbound;

    @Autowired
    ProducerFactory<String, InboundEvent> inboundProducerFactory;

    @BeforeEach
    void readInbound() {
        inbound = new TopicReader<>(bootstrapServers(), Topics.INBOUND);
    }

    @AfterEach
    void closeReader() {
        inbound.close();
    }

    @Test
    void shouldStoreUploadCompletedBeforeAnsweringWithTheSeedsSuccessBody() {
        String stemId = newStemId();

        HttpResponse<String> response = postJson("/upload-complete", """
                {"userId":"u1","trackId":"t1","stemId":"%s","filepath":"stems/a.wav","original_filename":"A.wav"}
                """.formatted(stemId));

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("status").asString()).isEqualTo("success");
        assertThat(body.get("message").asString()).isEqualTo("Processing started");
        ConsumerRecord<String, InboundEvent> record = inbound.awaitRecords(stemId, 1).get(0);
        assertThat(record.value()).isInstanceOfSatisfying(UploadCompleted.class, event -> {
            assertThat(event.id()).isEqualTo(body.get("eventId").asString());
            assertThat(event).usingRecursiveComparison().ignoringFields("id", "time", "timestamp").isEqualTo(
                    new UploadCompleted(null, null, stemId, "u1", "t1", "stems/a.wav", "A.wav", null));
            assertThat(event.timestamp()).isEqualTo(WebhookMapper.TIMESTAMP.format(event.time()));
        });
    }

    @Test
    void shouldStoreHashReportedWithTheWorkersFields() {
        String stemId = newStemId();

        HttpResponse<String> response = postJson("/webhook/hash-check", """
                {"stemId":"%s","userId":"u1","trackId":"t1","filepath":"stems/a.wav","audio_hash":"9f86d081",
                 "timestamp":"2026-11-26T01:00:00.000Z","original_filename":"A.wav","status":"SUCCESS"}
                """.formatted(stemId));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(inbound.awaitRecords(stemId, 1).get(0).value()).isInstanceOfSatisfying(HashReported.class,
                event -> assertThat(event).usingRecursiveComparison().ignoringFields("id", "time").isEqualTo(
                        new HashReported(null, null, stemId, "u1", "t1", "stems/a.wav", "9f86d081",
                                "2026-11-26T01:00:00.000Z", "A.wav", "SUCCESS")));
    }

    @Test
    void shouldStoreProcessingCompletedWithItsResult() {
        String stemId = newStemId();

        HttpResponse<String> response = postJson("/webhook/completion", """
                {"stemId":"%s","status":"SUCCESS","timestamp":"2026-11-26T01:01:00.000Z",
                 "task":"app.tasks.process_audio_analysis",
                 "result":{"audio_data_hash":"9f86d081","waveform_data_path":"waveforms/a.json","file_size":2048,
                           "duration":12.5,"sample_rate":48000,"num_peaks":1024}}
                """.formatted(stemId));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(inbound.awaitRecords(stemId, 1).get(0).value()).isInstanceOfSatisfying(
                ProcessingCompleted.class, event -> {
                    assertThat(event.task()).isEqualTo("app.tasks.process_audio_analysis");
                    assertThat(event.result()).isEqualTo(CompletionResult.success(
                            "9f86d081", "waveforms/a.json", 2048L, 12.5, 48_000, 1024));
                });
    }

    @Test
    void shouldGiveARedeliveredWebhookTheSameEventId() {
        String stemId = newStemId();
        String body = """
                {"stemId":"%s","status":"FAILURE","timestamp":"2026-11-26T01:01:00.000Z","result":{"error_message":"no audio","error_code":"E1"}}
                """.formatted(stemId);

        postJson("/webhook/completion", body);
        postJson("/webhook/completion", body);

        List<ConsumerRecord<String, InboundEvent>> records = inbound.awaitRecords(stemId, 2);
        assertThat(records).extracting(record -> record.value().id()).hasSize(2).containsOnly(records.get(0).value().id());
    }

    @Test
    void shouldRejectAnInvalidWebhookWithProblemDetailsAndStoreNothing() {
        String stemId = newStemId();

        HttpResponse<String> rejected = postJson("/webhook/hash-check", """
                {"stemId":"%s","userId":"u1","trackId":"t1","filepath":"f","audio_hash":42,
                 "timestamp":"2026-11-26T01:01:00.000Z","original_filename":"o"}
                """.formatted(stemId));

        assertThat(rejected.statusCode()).isEqualTo(400);
        assertThat(rejected.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = JSON.readTree(rejected.body());
        assertThat(problem.get("status").asInt()).isEqualTo(400);
        assertThat(problem.get("instance").asString()).isEqualTo("/webhook/hash-check");
        assertThat(problem.get("errors").findValuesAsString("field")).containsExactly("audio_hash", "status");

        // A later valid webhook for the same stem lands on the same partition, after anything the rejected one wrote.
        postJson("/webhook/hash-check", """
                {"stemId":"%s","userId":"u1","trackId":"t1","filepath":"f","audio_hash":"0123abcd",
                 "timestamp":"2026-11-26T01:01:00.000Z","original_filename":"o","status":"SUCCESS"}
                """.formatted(stemId));
        assertThat(inbound.awaitRecords(stemId, 1)).singleElement()
                .satisfies(record -> assertThat(((HashReported) record.value()).audioHash()).isEqualTo("0123abcd"));
    }

    @Test
    void shouldAnswerMalformedJsonWith400AndAWrongContentTypeWith415() {
        HttpResponse<String> malformed = postJson("/upload-complete", "{\"stemId\":");
        HttpResponse<String> wrongType = post("/upload-complete", "text/plain", "{}");

        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(malformed.body()).get("title").asString()).isEqualTo("Malformed JSON");
        assertThat(wrongType.statusCode()).isEqualTo(415);
        for (HttpResponse<String> response : List.of(malformed, wrongType)) {
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/problem+json"));
            assertThat(JSON.readTree(response.body()).get("status").asInt()).isEqualTo(response.statusCode());
        }
    }

    @Test
    void shouldAnswerABodyOverTheLimitWith413WhetherItsLengthIsDeclaredOrChunked() {
        String stemId = newStemId();
        byte[] oversize = paddedUpload(stemId, 64 * 1024 + 1);
        Map<String, String> signed = Map.of(WebhookSignature.HEADER,
                BridgeHttp.sign(BridgeHttp.SECRET, Instant.now(), oversize));
        Map<TopicPartition, Long> before = InboundOffsets.end(bootstrapServers());

        HttpResponse<String> declared = new BridgeHttp(port).post("/upload-complete", "application/json", oversize,
                signed);
        HttpResponse<String> chunked = postChunked("/upload-complete", oversize, signed);

        for (HttpResponse<String> response : List.of(declared, chunked)) {
            assertThat(response.statusCode()).isEqualTo(413);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/problem+json"));
            assertThat(JSON.readTree(response.body()).get("detail").asString())
                    .isEqualTo("body is larger than the limit of 65536 bytes");
        }
        assertThat(InboundOffsets.end(bootstrapServers())).isEqualTo(before);
    }

    @Test
    void shouldAcceptABodyOfExactlyTheLimitAndIgnoreItsUnknownFields() {
        String stemId = newStemId();

        HttpResponse<String> response = postJson("/upload-complete",
                new String(paddedUpload(stemId, 64 * 1024), StandardCharsets.UTF_8));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(inbound.awaitRecords(stemId, 1)).singleElement()
                .satisfies(record -> assertThat(record.value()).isInstanceOf(UploadCompleted.class));
    }

    @Test
    void shouldDeriveTheEventIdFromTheIdempotencyKeyAndRefuseAnOverlongKey() {
        String stemId = newStemId();
        String first = """
                {"stemId":"%s","status":"FAILURE","timestamp":"2026-11-26T01:01:00.000Z","result":{"error_message":"a"}}
                """.formatted(stemId);
        String retried = first.replace("01:01:00", "01:02:00");
        BridgeHttp http = new BridgeHttp(port);

        HttpResponse<String> one = postWithKey(http, first, "delivery-42");
        HttpResponse<String> two = postWithKey(http, retried, "delivery-42");
        HttpResponse<String> bad = postWithKey(http, first, "k".repeat(256));

        assertThat(one.statusCode()).isEqualTo(200);
        assertThat(two.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(two.body()).get("eventId").asString())
                .isEqualTo(JSON.readTree(one.body()).get("eventId").asString());
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(bad.body()).get("errors").findValuesAsString("field"))
                .containsExactly("Idempotency-Key");
        assertThat(inbound.awaitRecords(stemId, 2)).extracting(record -> record.value().id()).containsOnly(
                JSON.readTree(one.body()).get("eventId").asString());
    }

    @Test
    void shouldProduceInboundEventsWithAcksAllAndAnIdempotentProducer() {
        Map<String, Object> config = inboundProducerFactory.getConfigurationProperties();

        assertThat(config).containsEntry(ProducerConfig.ACKS_CONFIG, "all")
                .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    }

    @Test
    void shouldExposeHealthAndPrometheusMetrics() {
        HttpResponse<String> health = get("/actuator/health");
        HttpResponse<String> prometheus = get("/actuator/prometheus");

        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(health.body()).get("status").asString()).isEqualTo("UP");
        assertThat(prometheus.statusCode()).isEqualTo(200);
        assertThat(prometheus.body()).contains("waveflow_bridge_sqs_sent_total", "waveflow_bridge_sqs_deadlettered_total",
                "waveflow_bridge_sqs_batch_size_entries_count", "http_server_requests_seconds");
    }

    private static HttpResponse<String> postWithKey(BridgeHttp http, String body, String key) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return http.post("/webhook/completion", "application/json", bytes, Map.of(
                WebhookSignature.HEADER, BridgeHttp.sign(BridgeHttp.SECRET, Instant.now(), bytes),
                "Idempotency-Key", key));
    }

    /** A valid upload body padded with an unknown field to exactly {@code size} bytes. */
    private static byte[] paddedUpload(String stemId, int size) {
        String head = ("{\"userId\":\"u1\",\"trackId\":\"t1\",\"stemId\":\"%s\",\"filepath\":\"f\","
                + "\"original_filename\":\"o\",\"padding\":\"").formatted(stemId);
        String tail = "\"}";
        return (head + "x".repeat(size - head.length() - tail.length()) + tail).getBytes(StandardCharsets.UTF_8);
    }

    private HttpResponse<String> postChunked(String path, byte[] body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(new BridgeHttp(port).uri(path))
                .header("Content-Type", "application/json")
                // No length up front: the client sends the body chunked.
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)));
        headers.forEach(request::header);
        try {
            return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException("chunked request failed", e);
        }
    }
}
