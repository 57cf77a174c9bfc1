package io.waveflow.bridge;

import io.waveflow.contracts.webhook.WebhookSignature;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bridge's bearer tokens: its read endpoints need a read token and {@code /admin/**} an admin
 * token, refused as problem+json; the webhooks keep their HMAC and never read a bearer token.
 */
class ApiTokensIT extends BridgeITSupport {

    @Test
    void shouldRefuseTheApiDocsAndMetricsWithoutAValidToken() {
        BridgeHttp http = new BridgeHttp(port);
        for (String token : new String[] {null, "not-a-configured-token-0123"}) {
            for (String path : new String[] {"/v3/api-docs", "/actuator/prometheus"}) {
                HttpResponse<String> refused = http.get(path, token);
                assertThat(refused.statusCode()).as("GET %s with %s", path, token).isEqualTo(401);
                assertThat(refused.headers().firstValue("Content-Type")).get().asString()
                        .startsWith("application/problem+json");
            }
        }
        assertThat(http.get("/actuator/health", null).statusCode()).isEqualTo(200);
        assertThat(http.get("/actuator/prometheus", BridgeHttp.READ_TOKEN).statusCode()).isEqualTo(200);
    }

    @Test
    void shouldForbidAReadTokenOnTheAdminApiAndWriteNothing() {
        Map<TopicPartition, Long> before = InboundOffsets.end(bootstrapServers());
        byte[] body = "{\"reason\":\"try again\"}".getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> anonymous = new BridgeHttp(port).post("/admin/stems/stem-x/retry", "application/json",
                body, Map.of());
        HttpResponse<String> reader = new BridgeHttp(port).post("/admin/stems/stem-x/cancel", "application/json",
                body, Map.of("Authorization", "Bearer " + BridgeHttp.READ_TOKEN));

        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(reader.statusCode()).isEqualTo(403);
        assertThat(reader.body()).contains("admin role").contains("it-reader");
        assertThat(InboundOffsets.end(bootstrapServers())).isEqualTo(before);
    }

    @Test
    void shouldAcceptASignedWebhookWhateverAuthorizationHeaderItCarries() {
        String stemId = newStemId();
        byte[] body = ("{\"userId\":\"u-1\",\"trackId\":\"t-1\",\"stemId\":\"" + stemId + "\",\"filepath\":\"stems/"
                + stemId + ".wav\",\"original_filename\":\"a.wav\"}").getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> accepted = new BridgeHttp(port).post("/upload-complete", "application/json", body,
                Map.of(WebhookSignature.HEADER, BridgeHttp.sign(BridgeHttp.SECRET, Instant.now(), body),
                        "Authorization", "Bearer not-a-configured-token-0123"));

        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(200);
    }
}
