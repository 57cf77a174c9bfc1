package io.waveflow.bridge;

import io.waveflow.contracts.webhook.WebhookSignature;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Signatures against the real bridge on all three endpoints: each kind of bad signature gets a
 * 401 problem and writes nothing; a signature made with the secret being rotated out is accepted.
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
