package io.waveflow.bridge;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The served OpenAPI document equals the checked-in bridge/openapi.json, so a change of the HTTP
 * API shows up in review. The served one is always written to target/openapi.json for copying.
 */
class OpenApiIT extends BridgeITSupport {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Path CHECKED_IN = Path.of("openapi.json");
    private static final Path SERVED = Path.of("target", "openapi.json");

    @Test
    void shouldServeTheCheckedInOpenApiDocument() throws IOException {
        HttpResponse<String> served = get("/v3/api-docs");
        assertThat(served.statusCode()).isEqualTo(200);
        Files.writeString(SERVED, served.body().strip() + "\n", StandardCharsets.UTF_8);

        JsonNode document = JSON.readTree(served.body());
        assertThat(document.at("/paths").propertyNames())
                .contains("/upload-complete", "/webhook/hash-check", "/webhook/completion");
        assertThat(Files.exists(CHECKED_IN))
                .as("bridge/openapi.json is missing; create it with: cp bridge/target/openapi.json bridge/openapi.json")
                .isTrue();
        assertThat(document)
                .as("The served OpenAPI document differs from bridge/openapi.json. If the API change is intended, "
                        + "run `mvn -B -f bridge/pom.xml verify -Dit.test=OpenApiIT` and then "
                        + "`cp bridge/target/openapi.json bridge/openapi.json`, and commit it.")
                .isEqualTo(JSON.readTree(Files.readString(CHECKED_IN, StandardCharsets.UTF_8)));
    }
}
