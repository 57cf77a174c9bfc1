package io.waveflow.local;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import io.waveflow.infra.FreePorts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The failures a user meets before anything starts; no server is started here. */
class LocalStackTest {

    @TempDir
    Path repoRoot;

    @Test
    void shouldAskForTheBuildWhenAServiceJarIsMissing() throws IOException {
        String version = BuildInfo.version();
        for (Service service : new Service[] {Service.BRIDGE, Service.PROJECTIONS}) {
            Path jar = service.jar(repoRoot, version);
            Files.createDirectories(jar.getParent());
            Files.writeString(jar, "");
        }
        LocalStack stack = new LocalStack(settings(FreePorts.pick()), line -> { });

        assertThatThrownBy(stack::start)
                .isInstanceOf(LocalStackException.class)
                .hasMessageContaining("workflow-streams/target/workflow-streams-" + version + "-exec.jar")
                .hasMessageNotContaining("bridge/target")
                .hasMessageContaining("mvn -q -DskipTests package");
    }

    @Test
    void shouldNameAPortThatIsAlreadyTaken() throws IOException {
        String version = BuildInfo.version();
        for (Service service : Service.values()) {
            Path jar = service.jar(repoRoot, version);
            Files.createDirectories(jar.getParent());
            Files.writeString(jar, "");
        }
        try (ServerSocket squatter = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            LocalStack stack = new LocalStack(settings(squatter.getLocalPort()), line -> { });

            assertThatThrownBy(stack::start)
                    .isInstanceOf(LocalStackException.class)
                    .hasMessageContaining("Kafka port " + squatter.getLocalPort());
        }
    }

    private LocalStackSettings settings(int kafkaPort) {
        return new LocalStackSettings(kafkaPort, FreePorts.pick(), FreePorts.pick(),
                FreePorts.pick(), FreePorts.pick(), FreePorts.pick(),
                repoRoot.resolve("data"), repoRoot, Duration.ofSeconds(5));
    }
}
