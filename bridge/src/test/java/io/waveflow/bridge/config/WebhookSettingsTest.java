package io.waveflow.bridge.config;

import io.waveflow.bridge.webhook.WebhookGate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.util.unit.DataSize;

import java.time.Clock;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** How the bridge binds and checks its webhook settings at start, without starting the bridge. */
@ExtendWith(OutputCaptureExtension.class)
class WebhookSettingsTest {

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
            .withUserConfiguration(BridgeConfig.class)
            .withPropertyValues("waveflow.bridge.sqs-queue-url=http://127.0.0.1:9324/000000000000/q");

    @Test
    void shouldRefuseToStartWithoutASecretWhileVerificationIsOn() {
        context.run(started -> assertThat(started).getFailure().rootCause()
                .hasMessageContaining("waveflow.bridge.webhook.secrets")
                .hasMessageContaining("set WAVEFLOW_WEBHOOK_SECRETS to one or more comma-separated secrets"));
    }

    @Test
    void shouldRefuseASecretShorterThan16Characters() {
        context.withPropertyValues("waveflow.bridge.webhook.secrets=short")
                .run(started -> assertThat(started).getFailure().rootCause()
                        .hasMessageContaining("each secret must be at least 16 characters long")
                        .hasMessageNotContaining("=short"));
    }

    @Test
    void shouldBindCommaSeparatedSecretsAndDefaults() {
        context.withPropertyValues("waveflow.bridge.webhook.secrets= first-secret-0123456789 ,second-secret-0123456789,")
                .run(started -> {
                    BridgeSettings.Webhook webhook = started.getBean(BridgeSettings.class).webhook();
                    assertThat(webhook.secrets()).containsExactly("first-secret-0123456789", "second-secret-0123456789");
                    assertThat(webhook.verifySignatures()).isTrue();
                    assertThat(webhook.signatureTolerance()).isEqualTo(Duration.ofSeconds(300));
                    assertThat(webhook.maxBodySize()).isEqualTo(DataSize.ofKilobytes(64));
                    assertThat(webhook.toString()).doesNotContain("first-secret");
                });
    }

    @Test
    void shouldStartWithoutASecretWhenVerificationIsExplicitlyOffAndSayItLoudly(CapturedOutput output) {
        context.withPropertyValues("waveflow.bridge.webhook.verify-signatures=false").run(started -> {
            assertThat(started).hasNotFailed();
            new WebhookConfig().webhookGate(started.getBean(BridgeSettings.class), Clock.systemUTC());
        });

        assertThat(output.getOut()).contains("WARN").contains("Webhook signature verification is OFF");
    }

    @Test
    void shouldBuildAGateWithTheConfiguredLimit() {
        context.withPropertyValues("waveflow.bridge.webhook.secrets=first-secret-0123456789",
                "waveflow.bridge.webhook.max-body-size=1KB").run(started -> {
                    WebhookGate gate = new WebhookConfig().webhookGate(started.getBean(BridgeSettings.class),
                            Clock.systemUTC());
                    assertThat(gate.maxBodyBytes()).isEqualTo(1024);
                });
    }
}
