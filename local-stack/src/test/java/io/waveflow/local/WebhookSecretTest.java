package io.waveflow.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WebhookSecretTest {

    @TempDir
    Path dataDir;

    @Test
    void shouldKeepTheGeneratedSecretAcrossRestarts() throws Exception {
        String first = WebhookSecret.loadOrCreate(dataDir);
        String again = WebhookSecret.loadOrCreate(dataDir);

        assertThat(first).matches("[0-9a-f]{64}").isEqualTo(again);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir.resolve(WebhookSecret.FILE))))
                .isEqualTo("rw-------");
    }

    @Test
    void shouldSignWithTheFirstConfiguredSecret() {
        assertThat(WebhookSecret.first(" , new-secret-0123456789 ,old-secret-0123456789")).isEqualTo("new-secret-0123456789");
        assertThat(WebhookSecret.first(" ")).isNull();
        assertThat(WebhookSecret.first(null)).isNull();
    }
}
