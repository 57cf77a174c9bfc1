package io.waveflow.projections;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import tools.jackson.databind.json.JsonMapper;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Nobody reads or steers the read model without a token of {@code WAVEFLOW_API_TOKENS}: refusals
 * are problem+json and change nothing; probes stay open; a read token reads but cannot rebuild.
 */
class ApiTokensIT extends ServiceIT {

    private static final List<String> READ_PATHS = List.of("/stems", "/stems/any", "/stems/any/history", "/stats",
            "/stats/timeline", "/actuator/prometheus", "/admin/rebuild");

    @LocalServerPort
    private int port;

    @Autowired
    private JsonMapper json;

    @Test
    void shouldRefuseEveryReadWithoutAValidToken() {
        for (String token : new String[] {null, "not-a-configured-token-0123"}) {
            StemApiClient anonymous = new StemApiClient(port, json, token);
            for (String path : READ_PATHS) {
                ResponseEntity<String> response = anonymous.get(path);
                assertThat(response.getStatusCode()).as("GET %s with token %s", path, token)
                        .isEqualTo(HttpStatus.UNAUTHORIZED);
                assertThat(response.getHeaders().getContentType()).hasToString("application/problem+json;charset=UTF-8");
                assertThat(response.getHeaders().getFirst("WWW-Authenticate")).startsWith("Bearer");
            }
        }
    }

    @Test
    void shouldKeepTheHealthProbesOpen() {
        StemApiClient anonymous = new StemApiClient(port, json, null);

        assertThat(anonymous.get("/actuator/health").getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(anonymous.get("/actuator/health/readiness").getStatusCode()).isEqualTo(HttpStatus.OK);
    }

    @Test
    void shouldLetAReadTokenReadButNotRebuild() {
        StemApiClient reader = new StemApiClient(port, json, TestTokens.READ);
        StemApiClient admin = new StemApiClient(port, json);
        Object before = generations(admin);

        assertThat(reader.get("/stats").getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(reader.get("/actuator/prometheus").getStatusCode()).isEqualTo(HttpStatus.OK);
        ResponseEntity<String> refused = reader.post("/admin/rebuild");

        assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(refused.getBody()).contains("admin role").contains("it-reader");
        assertThat(reader.delete("/admin/rebuild").getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(generations(admin)).as("no rebuild started or aborted").isEqualTo(before);
    }

    /** The generations and their states, without the lag that moves while other ITs write. */
    private static List<String> generations(StemApiClient admin) {
        Map<String, Object> status = admin.object(admin.get("/admin/rebuild").getBody());
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> generations = (List<Map<String, Object>>) status.get("generations");
        return generations.stream().map(g -> g.get("generation") + ":" + g.get("state")).toList();
    }
}
