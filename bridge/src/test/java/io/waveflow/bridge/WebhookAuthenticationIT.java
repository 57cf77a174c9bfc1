package io.waveflow.bridge;

import io.waveflow.contracts.inbound.InboundEvent;
import io.waveflow.contracts.topic.Topics;
import io.waveflow.contracts.webhook.WebhookSignature;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.File;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Signatures against the real bridge on all three endpoints: each kind of bad signature gets a
 * 401 problem and writes nothing; a signature made with the secret being rotated out is accepted,
 * and so is one made by the documented shell script (openssl), not by Java.
 */
class WebhookAuthenticationIT extends BridgeITSupport {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @ParameterizedTest
    @ValueSource(strings = {"/upload-complete", "/webhook/hash-check", "/webhook/completion"})
    void shouldRefuseEveryBadSignatureWith401AndWriteNothing(String path) {
        byte[] body = validBody(path, newStemId());
        byte[] changed = validBody(path, newStemId());
        Instant now = Instant.now();
        Map<String, String> signatures = new LinkedHashMap<>();
        signatures.put("missing", null);
        signatures.put("malformed", "t=" + now.getEpochSecond() + ",v1=nothex");
        signatures.put("wrong secret", BridgeHttp.sign("a-secret-the-bridge-does-not-know", now, body));
        signatures.put("expired", BridgeHttp.sign(BridgeHttp.SECRET, now.minusSeconds(360), body));
        signatures.put("future", BridgeHttp.sign(BridgeHttp.SECRET, now.plusSeconds(360), body));
        signatures.put("body changed after signing", BridgeHttp.sign(BridgeHttp.SECRET, now, changed));
        Map<TopicPartition, Long> before = InboundOffsets.end(bootstrapServers());

        signatures.forEach((reason, signature) -> {
            HttpResponse<String> refused = new BridgeHttp(port).post(path, "application/json", body,
                    signature == null ? Map.of() : Map.of(WebhookSignature.HEADER, signature));

            assertThat(refused.statusCode()).as(reason).isEqualTo(401);
            assertThat(refused.headers().firstValue("Content-Type")).as(reason)
                    .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
            assertThat(refused.headers().firstValue("WWW-Authenticate")).as(reason).isPresent();
            JsonNode problem = JSON.readTree(refused.body());
            assertThat(problem.get("status").asInt()).as(reason).isEqualTo(401);
            assertThat(problem.get("instance").asString()).as(reason).isEqualTo(path);
            assertThat(problem.get("errors").findValuesAsString("field")).as(reason)
                    .containsExactly(WebhookSignature.HEADER);
        });

        assertThat(InboundOffsets.end(bootstrapServers())).isEqualTo(before);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/upload-complete", "/webhook/hash-check", "/webhook/completion"})
    void shouldAcceptASignatureMadeWithTheSecretBeingRotatedOut(String path) {
        byte[] body = validBody(path, newStemId());

        HttpResponse<String> accepted = new BridgeHttp(port).post(path, "application/json", body,
                Map.of(WebhookSignature.HEADER, BridgeHttp.sign(BridgeHttp.PREVIOUS_SECRET, Instant.now(), body)));

        assertThat(accepted.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(accepted.body()).get("status").asString()).isEqualTo("success");
    }

    /** The documented bash + openssl + curl signing (scripts/waveflow-post.sh) against the Java verifier. */
    @Test
    void shouldAcceptAWebhookSignedByTheShellScript() throws Exception {
        Path script = Path.of("..", "scripts", "waveflow-post.sh").toAbsolutePath().normalize();
        assumeTrue(Files.isExecutable(script) && onPath("openssl") && onPath("curl"), "bash, openssl and curl");
        String stemId = newStemId();
        ProcessBuilder post = new ProcessBuilder(script.toString(), "/webhook/hash-check",
                new String(validBody("/webhook/hash-check", stemId), StandardCharsets.UTF_8), "-w", "\n%{http_code}")
                .redirectErrorStream(true);
        post.environment().put("WAVEFLOW_WEBHOOK_SECRET", BridgeHttp.SECRET);
        post.environment().put("WAVEFLOW_BRIDGE_URL", "http://127.0.0.1:" + port);

        Process process = post.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output.strip()).as(output).endsWith("200").contains("\"status\":\"success\"");
        try (TopicReader<InboundEvent> inbound = new TopicReader<>(bootstrapServers(), Topics.INBOUND)) {
            assertThat(inbound.awaitRecords(stemId, 1)).hasSize(1);
        }
    }

    private static boolean onPath(String command) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, command)));
    }

    static byte[] validBody(String path, String stemId) {
        String json = switch (path) {
            case "/upload-complete" -> """
                    {"userId":"u1","trackId":"t1","stemId":"%s","filepath":"f","original_filename":"o"}""";
            case "/webhook/hash-check" -> """
                    {"stemId":"%s","userId":"u1","trackId":"t1","filepath":"f","audio_hash":"9f86d081",
                     "timestamp":"2026-11-26T01:00:00.000Z","original_filename":"o","status":"SUCCESS"}""";
            case "/webhook/completion" -> """
                    {"stemId":"%s","status":"FAILURE","timestamp":"2026-11-26T01:01:00.000Z",
                     "result":{"error_message":"no audio","error_code":"E1"}}""";
            default -> throw new IllegalArgumentException(path);
        };
        return json.formatted(stemId).getBytes(StandardCharsets.UTF_8);
    }
}
