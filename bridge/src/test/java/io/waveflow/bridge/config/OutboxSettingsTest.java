package io.waveflow.bridge.config;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/** How the outbox's standby and restart settings bind and are checked, without a database. */
class OutboxSettingsTest {

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
            .withUserConfiguration(Bound.class)
            .withPropertyValues("waveflow.bridge.outbox.database-url=jdbc:postgresql://127.0.0.1:5432/app",
                    "waveflow.bridge.outbox.username=bridge");

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(OutboxSettings.class)
    static class Bound {
    }

    @Test
    void shouldDefaultToAFiveSecondStandbyPollAndAOneMinuteBackoff() {
        context.run(started -> {
            OutboxSettings settings = started.getBean(OutboxSettings.class);
            assertThat(settings.standbyPollInterval()).isEqualTo(Duration.ofSeconds(5));
            assertThat(settings.restartBackoffMax()).isEqualTo(Duration.ofMinutes(1));
        });
    }

    @Test
    void shouldBindTheDocumentedEnvironmentVariables() {
        // Boot maps WAVEFLOW_..._NAME to a property only for a source named like the system environment.
        context.withInitializer(app -> app.getEnvironment().getPropertySources().addFirst(
                        new SystemEnvironmentPropertySource("test-systemEnvironment", Map.of(
                                "WAVEFLOW_BRIDGE_OUTBOX_STANDBYPOLLINTERVAL", "2s",
                                "WAVEFLOW_BRIDGE_OUTBOX_RESTARTBACKOFFMAX", "30s"))))
                .run(started -> {
                    OutboxSettings settings = started.getBean(OutboxSettings.class);
                    assertThat(settings.standbyPollInterval()).isEqualTo(Duration.ofSeconds(2));
                    assertThat(settings.restartBackoffMax()).isEqualTo(Duration.ofSeconds(30));
                });
    }

    @Test
    void shouldRefuseABackoffShorterThanThePollInterval() {
        context.withPropertyValues("waveflow.bridge.outbox.standby-poll-interval=10s",
                        "waveflow.bridge.outbox.restart-backoff-max=5s")
                .run(started -> assertThat(started).getFailure().rootCause()
                        .hasMessageContaining("restart-backoff-max must not be shorter than standby-poll-interval"));
    }

    @Test
    void shouldLeaveRestartsToTheSupervisorNotToDebezium() {
        context.run(started -> {
            Properties engine = OutboxConfig.engineProperties(started.getBean(OutboxSettings.class),
                    "127.0.0.1:9092", null);
            assertThat(engine).containsEntry("errors.max.retries", "0").containsEntry("slot.max.retries", "0");
        });
    }
}
