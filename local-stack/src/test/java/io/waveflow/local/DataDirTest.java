package io.waveflow.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataDirTest {

    @TempDir
    Path tmp;

    @Test
    void shouldWipeADirectoryTheLocalStackCreated() throws IOException {
        Path dir = tmp.resolve("data");
        DataDir.prepare(dir);
        Files.createDirectories(dir.resolve("kafka/topic-0"));
        Files.writeString(dir.resolve("kafka/topic-0/00000.log"), "x");

        DataDir.wipe(dir);

        assertThat(dir).doesNotExist();
    }

    @Test
    void shouldRefuseToWipeOrUseAForeignDirectory() throws IOException {
        Files.writeString(tmp.resolve("thesis.tex"), "years of work");

        assertThatThrownBy(() -> DataDir.wipe(tmp)).hasMessageContaining("refusing to delete");
        assertThatThrownBy(() -> DataDir.prepare(tmp)).hasMessageContaining("not created by the local stack");
        assertThat(tmp.resolve("thesis.tex")).exists();
    }
}
