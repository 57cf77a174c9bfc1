package io.waveflow.replay;

import io.waveflow.contracts.json.Codecs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The packaged jar runs on its own: {@code java -jar replay/target/waveflow-replay.jar ...}. */
class ReplayJarIT {

    private static final Path JAR = Path.of("target", "waveflow-replay.jar");

    @Test
    void shouldReplayFromTheSelfContainedJar(@TempDir Path dir) throws Exception {
        // given
        String topic = TestKafka.newTopic("replay-jar", 2);
        TestKafka.produce(List.of(
                new Events.Produced(topic, "s1", Codecs.INBOUND.encode(Events.upload("s1", "u1", "t1", Instant.EPOCH))),
                new Events.Produced(topic, "s2", Codecs.INBOUND.encode(Events.upload("s2", "u2", "t1", Instant.EPOCH)))));
        Path csv = dir.resolve("out.csv");

        // when
        Result result = java(dir, "-b", TestKafka.bootstrapServers(), "-t", topic, "--user", "u2", "--format", "csv",
                "-o", csv.toString());

        // then
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(CsvReader.parse(Files.readString(csv))).hasSize(2)
                .last().satisfies(row -> assertThat(row.get(7)).isEqualTo("s2"));
        assertThat(result.err()).contains("replay: 1 events written of 2 records read")
                .contains("1  io.waveflow.inbound.UploadCompleted.v1")
                .doesNotContain("SLF4J").doesNotContain("WARN");
    }

    @Test
    void shouldExitWithTwoAndOneLineForAnUnknownTopic(@TempDir Path dir) throws Exception {
        Result result = java(dir, "-b", TestKafka.bootstrapServers(), "--topic", "no-such-topic");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).hasLineCount(1).startsWith("replay: unknown topic 'no-such-topic'");
    }

    private record Result(int exitCode, String out, String err) {
    }

    private static Result java(Path dir, String... args) throws IOException, InterruptedException {
        assertThat(JAR).as("built by mvn package").exists();
        List<String> command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElse("java"), "-Xmx256m", "-jar", JAR.toString()));
        command.addAll(List.of(args));
        Path out = dir.resolve("stdout");
        Path err = dir.resolve("stderr");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("replay ended").isTrue();
        return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }
}
