package io.waveflow.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;

class LocalStackSettingsTest {

    @Test
    void shouldUseTheDocumentedPortsByDefault() {
        LocalStackSettings settings = LocalStackSettings.defaults(Path.of("data"), Path.of("."));

        assertThat(settings.kafkaPort()).isEqualTo(9092);
        assertThat(settings.sqsPort()).isEqualTo(9324);
        assertThat(settings.postgresPort()).isEqualTo(15432);
        assertThat(settings.port(Service.BRIDGE)).isEqualTo(8080);
        assertThat(settings.port(Service.WORKFLOW_STREAMS)).isEqualTo(8081);
        assertThat(settings.port(Service.PROJECTIONS)).isEqualTo(8082);
        assertThat(settings.dataDir()).isAbsolute();
    }

    @Test
    void shouldRejectTwoPartsOnOnePort() {
        assertThatThrownBy(() -> new LocalStackSettings(9092, 9324, 15432, 8080, 8080, 8082,
                Path.of("data"), Path.of("."), Duration.ofSeconds(5)))
                .hasMessage("workflow-streams and bridge cannot share port 8080");
    }

    @Test
    void shouldNameEachServicesExecJar() {
        assertThat(Service.WORKFLOW_STREAMS.jar(Path.of("/repo"), "0.1.0-SNAPSHOT"))
                .isEqualTo(Path.of("/repo/workflow-streams/target/workflow-streams-0.1.0-SNAPSHOT-exec.jar"));
    }
}
