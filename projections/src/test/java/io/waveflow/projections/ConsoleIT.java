package io.waveflow.projections;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import tools.jackson.databind.json.JsonMapper;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operator console's server side: the page, its style and script are served without a token
 * (the operator pastes one into the page) under a strict Content-Security-Policy; {@code /whoami}
 * and the console's config need a token like every read. The page itself is driven in a real
 * Chromium by local-stack's ConsoleBrowserIT.
 */
class ConsoleIT extends ServiceIT {

    @LocalServerPort
    private int port;

    @Autowired
    private JsonMapper json;

    @Test
    void shouldServeThePageWithoutATokenUnderAPolicyThatAllowsOnlyItsOwnScriptAndTheBridge() {
        StemApiClient anonymous = new StemApiClient(port, json, null);

        ResponseEntity<String> page = anonymous.get("/console");

        assertThat(page.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(page.getHeaders().getContentType()).hasToString("text/html");
        assertThat(page.getBody()).contains("<script src=\"/console/console.js\" defer></script>")
                .doesNotContain("http://", "https://");
        assertThat(page.getHeaders().getFirst("Content-Security-Policy"))
                .contains("default-src 'none'", "script-src 'self'", "style-src 'self'",
                        "connect-src 'self' http://127.0.0.1:8080", "frame-ancestors 'none'")
                .doesNotContain("unsafe-inline", "unsafe-eval");
        assertThat(page.getHeaders().getCacheControl()).isEqualTo("no-store");
        for (String file : new String[] {"/console/console.js", "/console/console.css"}) {
            ResponseEntity<String> response = anonymous.get(file);
            assertThat(response.getStatusCode()).as(file).isEqualTo(HttpStatus.OK);
            assertThat(response.getBody()).as(file).isNotBlank();
        }
    }

    @Test
    void shouldNeverPutAnApiValueIntoThePageAsHtml() {
        String script = new StemApiClient(port, json, null).get("/console/console.js").getBody();

        assertThat(script).doesNotContain("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(");
    }

    @Test
    void shouldRefuseAnythingElseUnderConsoleWithoutAToken() {
        StemApiClient anonymous = new StemApiClient(port, json, null);

        for (String path : new String[] {"/console/config", "/console/index.html", "/whoami"}) {
            ResponseEntity<String> response = anonymous.get(path);
            assertThat(response.getStatusCode()).as(path).isEqualTo(HttpStatus.UNAUTHORIZED);
            assertThat(response.getHeaders().getContentType()).as(path)
                    .hasToString("application/problem+json;charset=UTF-8");
        }
    }

    @Test
    void shouldTellEachTokenItsNameAndRole() {
        StemApiClient admin = new StemApiClient(port, json, TestTokens.ADMIN);
        StemApiClient reader = new StemApiClient(port, json, TestTokens.READ);

        assertThat(admin.object(admin.get("/whoami").getBody()))
                .isEqualTo(Map.of("name", "it-admin", "role", "admin"));
        assertThat(reader.object(reader.get("/whoami").getBody()))
                .isEqualTo(Map.of("name", "it-reader", "role", "read"));
        assertThat(new StemApiClient(port, json, "not-a-configured-token-0123").get("/whoami").getStatusCode())
                .isEqualTo(HttpStatus.UNAUTHORIZED);
    }

    @Test
    void shouldGiveAReaderTheBridgeUrlTheAdminCallsGoTo() {
        StemApiClient reader = new StemApiClient(port, json, TestTokens.READ);

        ResponseEntity<String> config = reader.get("/console/config");

        assertThat(config.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(reader.object(config.getBody())).isEqualTo(Map.of("bridgeUrl", "http://127.0.0.1:8080"));
    }
}
