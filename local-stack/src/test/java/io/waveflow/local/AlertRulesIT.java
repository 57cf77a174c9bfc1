package io.waveflow.local;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shipped alert rules, checked and unit-tested by Prometheus' own tool: {@code promtool check
 * rules} (they load) and {@code promtool test rules} (each alert fires exactly when
 * ops/prometheus/alerts.test.yml says, with the annotations it says).
 */
class AlertRulesIT {

    private static final Path RULES = repoRoot().resolve("ops/prometheus");

    @Test
    void shouldLoadTheAlertRules() throws Exception {
        Path promtool = DebianTools.require("/usr/bin/promtool", "prometheus");

        Result result = run(promtool.toString(), "check", "rules", "alerts.yml");

        assertThat(result.exit()).as(result.output()).isZero();
        assertThat(result.output()).contains("SUCCESS");
    }

    @Test
    void shouldFireEachAlertExactlyAsItsUnitTestsSay() throws Exception {
        Path promtool = DebianTools.require("/usr/bin/promtool", "prometheus");

        Result result = run(promtool.toString(), "test", "rules", "alerts.test.yml");

        assertThat(result.exit()).as(result.output()).isZero();
        assertThat(result.output()).contains("SUCCESS");
    }

    static Path repoRoot() {
        return Path.of(System.getProperty("waveflow.repoRoot", "..")).toAbsolutePath().normalize();
    }

    private record Result(int exit, String output) {
    }

    private static Result run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(RULES.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("promtool finished").isTrue();
        return new Result(process.exitValue(), output);
    }
}
