package io.waveflow.bridge.config;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console's CORS settings as the bridge binds them and the configuration it answers with;
 * the browser side (preflight, the console's retry, a foreign origin's 403) is ConsoleBrowserIT.
 */
class ConsoleCorsTest {

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
            .withUserConfiguration(BridgeConfig.class)
            .withPropertyValues("waveflow.bridge.sqs-queue-url=http://127.0.0.1:9324/000000000000/q",
                    "waveflow.bridge.webhook.verify-signatures=false");

    @Test
    void shouldAllowTheLocalStacksConsoleByDefault() {
        context.run(started -> assertThat(started.getBean(BridgeSettings.class).consoleOrigins())
                .containsExactly("http://127.0.0.1:8082"));
    }

    @Test
    void shouldBindCommaSeparatedOriginsAndAllowNoneWhenEmpty() {
        context.withPropertyValues("waveflow.bridge.console-origins= https://ops.example.com ,http://10.0.0.5:8082,")
                .run(started -> assertThat(started.getBean(BridgeSettings.class).consoleOrigins())
                        .containsExactly("https://ops.example.com", "http://10.0.0.5:8082"));
        context.withPropertyValues("waveflow.bridge.console-origins=")
                .run(started -> assertThat(started.getBean(BridgeSettings.class).consoleOrigins()).isEmpty());
    }

    @Test
    void shouldRefuseToStartWithAnythingButAnOrigin() {
        for (String wrong : List.of("*", "http://127.0.0.1:8082/", "http://127.0.0.1:8082/console", "127.0.0.1:8082",
                "http://*.example.com")) {
            context.withPropertyValues("waveflow.bridge.console-origins=" + wrong)
                    .run(started -> assertThat(started).as(wrong).getFailure().rootCause()
                            .hasMessageContaining("console-origins must be origins such as http://127.0.0.1:8082"));
        }
    }

    @Test
    void shouldAnswerCorsOnlyForTheAdminStemsApiWithTheBearerHeaderAndNoCredentials() {
        CorsConfigurationSource source = ConsoleCors.source(List.of("http://127.0.0.1:8082"));

        CorsConfiguration admin = source.getCorsConfiguration(request("/admin/stems/stem-1/retry"));
        assertThat(admin).isNotNull();
        assertThat(admin.getAllowedOrigins()).containsExactly("http://127.0.0.1:8082");
        assertThat(admin.checkOrigin("http://127.0.0.1:8082")).isEqualTo("http://127.0.0.1:8082");
        assertThat(admin.checkOrigin("http://localhost:8082")).isNull();
        assertThat(admin.getAllowedMethods()).containsExactly("POST");
        assertThat(admin.getAllowedHeaders()).contains("Authorization");
        assertThat(admin.getAllowCredentials()).isFalse();
        assertThat(source.getCorsConfiguration(request("/v3/api-docs"))).isNull();
        assertThat(source.getCorsConfiguration(request("/webhook/completion"))).isNull();
        assertThat(ConsoleCors.source(List.of()).getCorsConfiguration(request("/admin/stems/stem-1/retry"))).isNull();
    }

    private static MockHttpServletRequest request(String path) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", path);
        request.setRequestURI(path);
        return request;
    }
}
