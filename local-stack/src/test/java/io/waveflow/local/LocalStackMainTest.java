package io.waveflow.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

class LocalStackMainTest {

    private static final Path CWD = Path.of("/home/dev/waveflow");

    @Test
    void shouldDefaultToDataDirUnderTheWorkingDirectoryAndKeepData() {
        LocalStackMain.Options options = LocalStackMain.Options.parse(new String[0], CWD);

        assertThat(options.dataDir()).isEqualTo(CWD.resolve(".waveflow-data"));
        assertThat(options.fresh()).isFalse();
        assertThat(options.help()).isFalse();
    }

    @Test
    void shouldReadFreshAndDataDirInEitherForm() {
        assertThat(LocalStackMain.Options.parse(new String[] {"--fresh", "--data-dir", "tmp/data"}, CWD))
                .isEqualTo(new LocalStackMain.Options(true, CWD.resolve("tmp/data"), Duration.ofSeconds(120), false));
        assertThat(LocalStackMain.Options.parse(new String[] {"--data-dir=/var/waveflow"}, CWD).dataDir())
                .isEqualTo(Path.of("/var/waveflow"));
    }

    @Test
    void shouldTakeALongerStartupTimeoutForABusyMachine() {
        assertThat(LocalStackMain.Options.parse(new String[] {"--startup-timeout", "300"}, CWD).startupTimeout())
                .isEqualTo(Duration.ofSeconds(300));
        assertThatThrownBy(() -> LocalStackMain.Options.parse(new String[] {"--startup-timeout=0"}, CWD))
                .hasMessageContaining("positive number of seconds");
    }

    @Test
    void shouldRejectUnknownArgumentsAndAMissingPath() {
        assertThatThrownBy(() -> LocalStackMain.Options.parse(new String[] {"--frsh"}, CWD))
                .hasMessageContaining("unknown argument '--frsh'");
        assertThatThrownBy(() -> LocalStackMain.Options.parse(new String[] {"--data-dir"}, CWD))
                .hasMessageContaining("--data-dir needs a path");
    }

    @Test
    void shouldTakeTheRepositoryFromWaveflowHomeWhenSet() {
        assertThat(LocalStackMain.repoRoot(Map.of(), CWD)).isEqualTo(CWD);
        assertThat(LocalStackMain.repoRoot(Map.of("WAVEFLOW_HOME", "/opt/waveflow"), CWD))
                .isEqualTo(Path.of("/opt/waveflow"));
    }
}
