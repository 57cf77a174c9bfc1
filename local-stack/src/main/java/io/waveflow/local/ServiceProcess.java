package io.waveflow.local;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * One service running as a child JVM: its output copied line by line to the console (prefixed
 * with {@code [module]}) and to its log file, its health read from {@code /actuator/health}, and
 * a graceful stop (SIGTERM, then SIGKILL after a grace period).
 */
final class ServiceProcess {

    private static final Logger log = LoggerFactory.getLogger(ServiceProcess.class);

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int TAIL_LINES = 20;

    private final Service service;
    private final URI baseUrl;
    private final Path logFile;
    private final Process process;
    private final Thread pump;
    private final Deque<String> tail = new ArrayDeque<>();
    private final long launchedNanos = System.nanoTime();
    private volatile String lastHealth = "no answer yet";

    private ServiceProcess(Service service, URI baseUrl, Path logFile, Process process,
                           BufferedWriter logWriter, Consumer<String> console) {
        this.service = service;
        this.baseUrl = baseUrl;
        this.logFile = logFile;
        this.process = process;
        this.pump = new Thread(() -> copyOutput(logWriter, console), "waveflow-local-" + service.module() + "-output");
        this.pump.setDaemon(true);
        this.pump.start();
    }

    /**
     * Starts {@code command} with {@code environment} added to this JVM's own (so anything else the
     * user exported, such as {@code WAVEFLOW_WEBHOOK_SECRETS}, reaches the service too).
     */
    static ServiceProcess launch(Service service, URI baseUrl, List<String> command, Map<String, String> environment,
                                 Path logFile, Consumer<String> console) {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        BufferedWriter logWriter;
        try {
            Files.createDirectories(logFile.getParent());
            logWriter = Files.newBufferedWriter(logFile, StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the log file " + logFile, e);
        }
        Process process;
        try {
            // The log is appended across restarts, so mark where this run begins.
            logWriter.write("==== waveflow-local started " + service.module() + " at " + Instant.now()
                    + ": " + String.join(" ", command));
            logWriter.newLine();
            logWriter.flush();
            process = builder.start();
        } catch (IOException e) {
            closeQuietly(logWriter);
            throw new LocalStackException("cannot start " + service.module() + " (" + String.join(" ", command)
                    + "): " + e.getMessage(), e);
        }
        log.info("Started {} (pid {}) on {}, log {}", service.module(), process.pid(), baseUrl, logFile);
        return new ServiceProcess(service, baseUrl, logFile, process, logWriter, console);
    }

    Service service() {
        return service;
    }

    URI baseUrl() {
        return baseUrl;
    }

    Path logFile() {
        return logFile;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    int exitValue() {
        return process.exitValue();
    }

    /** How long ago this process was started. */
    Duration uptime() {
        return Duration.ofNanos(System.nanoTime() - launchedNanos);
    }

    /** Completes when the process exits, whoever ended it. */
    CompletableFuture<Process> onExit() {
        return process.onExit();
    }

    /** True when {@code GET /actuator/health} answers 200 with an aggregate status of {@code UP}. */
    boolean isUp(HttpClient http) {
        HttpRequest request = HttpRequest.newBuilder(baseUrl.resolve("/actuator/health"))
                .timeout(Duration.ofSeconds(2))
                .GET()
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            lastHealth = response.statusCode() + " " + response.body();
            return response.statusCode() == 200 && "UP".equals(aggregateStatus(response.body()));
        } catch (IOException e) {
            lastHealth = e.toString();
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The top-level {@code status}; components may be UP while the whole is not. */
    private static String aggregateStatus(String body) {
        try {
            return JSON.readTree(body).path("status").asString(null);
        } catch (JacksonException e) {
            return null;
        }
    }

    /** The last answer (or error) of the health endpoint, for error messages. */
    String lastHealth() {
        return lastHealth;
    }

    /** The last lines the service printed, for error messages. */
    String tail() {
        synchronized (tail) {
            return String.join(System.lineSeparator(), tail);
        }
    }

    /** Asks the service to shut down gracefully (SIGTERM: Spring closes its context). */
    void requestStop() {
        // Through the handle: Process.destroy() would also close our end of the output pipe and
        // lose Spring's shutdown lines.
        process.toHandle().destroy();
    }

    /** Ends the process at once (SIGKILL, as {@code kill -9}): no shutdown hook, no graceful close. */
    void kill() {
        process.toHandle().destroyForcibly();
    }

    /** Waits until {@code deadline} for the exit, then kills the process; returns once the output is copied. */
    void awaitStop(long deadlineNanos) {
        try {
            long remaining = Math.max(0, deadlineNanos - System.nanoTime());
            if (!process.waitFor(remaining, TimeUnit.NANOSECONDS)) {
                log.warn("{} (pid {}) did not stop in time; killing it", service.module(), process.pid());
                process.toHandle().destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
            // The last lines (Spring's shutdown messages) are worth having in the log.
            pump.join(TimeUnit.SECONDS.toMillis(2));
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private void copyOutput(BufferedWriter logWriter, Consumer<String> console) {
        String prefix = "[" + service.module() + "] ";
        try (BufferedReader output = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
             logWriter) {
            String line;
            while ((line = output.readLine()) != null) {
                logWriter.write(line);
                logWriter.newLine();
                logWriter.flush();
                console.accept(prefix + line);
                remember(line);
            }
        } catch (IOException e) {
            log.warn("Stopped copying the output of {}: {}", service.module(), e.toString());
        }
    }

    private void remember(String line) {
        synchronized (tail) {
            if (tail.size() == TAIL_LINES) {
                tail.removeFirst();
            }
            tail.addLast(line);
        }
    }

    private static void closeQuietly(BufferedWriter writer) {
        try {
            writer.close();
        } catch (IOException ignored) {
            // Nothing was written that could be lost.
        }
    }
}
