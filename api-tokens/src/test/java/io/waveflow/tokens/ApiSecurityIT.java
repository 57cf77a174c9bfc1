package io.waveflow.tokens;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chain every service builds with {@link ApiSecurity}, on a real Tomcat with a real HTTP
 * client: open probes, read and admin paths, problem+json refusals, and that a refused request
 * never reaches the handler.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        classes = ApiSecurityIT.App.class,
        properties = "waveflow.api.tokens=grafana:read:read-secret-0123456789,ops:admin:admin-secret-0123456789")
class ApiSecurityIT {

    private static final String READ = "read-secret-0123456789";
    private static final String ADMIN = "admin-secret-0123456789";
    static final AtomicInteger steered = new AtomicInteger();

    @LocalServerPort
    private int port;

    private final HttpClient http = HttpClient.newHttpClient();

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {

        @Bean
        SecurityFilterChain security(HttpSecurity http, ApiTokenIntrospector introspector, TokenProblems problems)
                throws Exception {
            return ApiSecurity.chain(http, introspector, problems, rules -> rules
                    .requestMatchers("/admin/**").hasRole("ADMIN")
                    .anyRequest().hasRole("READ"));
        }

        @Bean
        Endpoints endpoints() {
            return new Endpoints();
        }
    }

    @RestController
    static class Endpoints {

        @GetMapping("/actuator/health")
        String health() {
            return "UP";
        }

        @GetMapping("/stems")
        String stems(Authentication who) {
            return "read by " + who.getName();
        }

        @PostMapping("/admin/steer")
        String steer(Authentication who) {
            steered.incrementAndGet();
            return "steered by " + who.getName();
        }
    }

    @Test
    void shouldLeaveTheHealthProbeOpen() throws Exception {
        assertThat(get("/actuator/health", null).statusCode()).isEqualTo(200);
    }

    @Test
    void shouldRefuseAReadWithoutATokenAsAProblemWithABearerChallenge() throws Exception {
        HttpResponse<String> response = get("/stems", null);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("Content-Type")).get().asString().startsWith("application/problem+json");
        assertThat(response.headers().firstValue("WWW-Authenticate")).get().asString().startsWith("Bearer");
        assertThat(response.body()).contains("\"status\":401").contains("Authorization: Bearer");
    }

    @Test
    void shouldRefuseAWrongTokenWithoutEchoingIt() throws Exception {
        HttpResponse<String> response = get("/stems", "not-a-token-of-ours-at-all");

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).contains("not valid").doesNotContain("not-a-token-of-ours-at-all");
    }

    @Test
    void shouldNeverTakeATokenFromTheUrl() throws Exception {
        assertThat(get("/stems?access_token=" + READ, null).statusCode()).isEqualTo(401);
    }

    @Test
    void shouldLetAReadTokenReadUnderItsName() throws Exception {
        HttpResponse<String> response = get("/stems", READ);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("read by grafana");
    }

    @Test
    void shouldForbidAReadTokenToSteerAndNeverRunTheHandler() throws Exception {
        int before = steered.get();
        HttpResponse<String> response = post("/admin/steer", READ);

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.headers().firstValue("Content-Type")).get().asString().startsWith("application/problem+json");
        assertThat(response.body()).contains("\"status\":403").contains("admin role").contains("grafana");
        assertThat(steered.get()).isEqualTo(before);
    }

    @Test
    void shouldLetAnAdminTokenSteerAndRead() throws Exception {
        assertThat(post("/admin/steer", ADMIN).body()).isEqualTo("steered by ops");
        assertThat(get("/stems", ADMIN).body()).isEqualTo("read by ops");
    }

    @Test
    void shouldRefuseASteerWithoutATokenBeforeItRuns() throws Exception {
        int before = steered.get();

        assertThat(post("/admin/steer", null).statusCode()).isEqualTo(401);
        assertThat(steered.get()).isEqualTo(before);
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        return send(HttpRequest.newBuilder(uri(path)).GET(), token);
    }

    private HttpResponse<String> post(String path, String token) throws Exception {
        return send(HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofString("{}"))
                .header("Content-Type", "application/json"), token);
    }

    private HttpResponse<String> send(HttpRequest.Builder request, String token) throws Exception {
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }
}
