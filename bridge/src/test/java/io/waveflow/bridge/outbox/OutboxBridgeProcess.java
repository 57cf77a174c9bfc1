package io.waveflow.bridge.outbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * A bridge in a child JVM, from the packaged jar ({@code target/bridge-*-exec.jar}, built by the
 * package phase before the ITs run), configured like an {@link OutboxBridge}. Its point is
 * {@link #kill()}: SIGKILL ends the process without a shutdown hook or a clean close, and PostgreSQL
 * learns of it only as its sockets close, as after a real crash.
 */
final class OutboxBridgeProcess implements AutoCloseable {

    /** The test contexts' own settings (API tokens), which the packaged jar does not contain. */
    private static final String TEST_SETTINGS = "config/application.properties";

    private final Process process;
    private final Path log;

    private OutboxBridgeProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    static OutboxBridgeProcess start(OutboxBridge settings, Path log) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-jar", execJar().toString()));
        command.addAll(settings.arguments());
        command.addAll(testSettings());
        Files.createDirectories(log.getParent());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new OutboxBridgeProcess(process, log);
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    Path log() {
        return log;
    }

    boolean logContains(String text) throws IOException {
        return logCount(text) > 0;
    }

    /** How many lines of its log so far contain {@code text}. */
    long logCount(String text) throws IOException {
        // Decoded leniently: the process may be halfway through writing a character.
        return new String(Files.readAllBytes(log), StandardCharsets.UTF_8).lines()
                .filter(line -> line.contains(text)).count();
    }

    /** {@code kill -9}: on Linux {@link Process#destroyForcibly()} sends SIGKILL. Returns the exit code, 137 (128 + 9). */
    int kill() throws InterruptedException {
        process.destroyForcibly();
        return process.waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static Path execJar() throws IOException {
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(Path.of("target"), "bridge-*-exec.jar")) {
            for (Path jar : jars) {
                return jar.toAbsolutePath();
            }
        }
        throw new IllegalStateException("no target/bridge-*-exec.jar; the package phase builds it before the ITs");
    }

    private static List<String> testSettings() {
        Properties properties = new Properties();
        try (InputStream in = OutboxBridgeProcess.class.getClassLoader().getResourceAsStream(TEST_SETTINGS)) {
            if (in == null) {
                throw new IllegalStateException(TEST_SETTINGS + " is not on the test classpath");
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties.stringPropertyNames().stream().sorted()
                .map(name -> "--" + name + "=" + properties.getProperty(name)).toList();
    }
}
