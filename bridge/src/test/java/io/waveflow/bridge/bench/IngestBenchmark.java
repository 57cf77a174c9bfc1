package io.waveflow.bridge.bench;

import io.waveflow.bridge.BridgeApplication;
import io.waveflow.contracts.webhook.WebhookSignature;
import io.waveflow.infra.EmbeddedKafka;
import io.waveflow.infra.EmbeddedSqs;
import io.waveflow.tokens.ApiSecurity;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Webhook ingest against its HTTP ceiling, on one machine: starts an in-JVM Kafka broker and
 * ElasticMQ on free ports and the bridge with signature checking on, then drives
 * {@code POST /upload-complete} (signed, validated, stored with acks=all before the answer) and
 * {@code POST /bench/ceiling} (same server, same signed body, read and answered without any
 * work) first at saturation (closed loop) and then at half the saturated rate (open loop,
 * latency counted from the scheduled send time). Prints requests/s, p50 and p99 and the
 * ratios. Run with {@code bridge/bench.sh}; see bridge/BENCHMARK.md. Not a test: nothing here
 * asserts a time.
 */
public final class IngestBenchmark {

    private static final String QUEUE = "waveflow-audio-process-queue";
    private static final String WEBHOOK = "/upload-complete";
    private static final String CEILING = "/bench/ceiling";

    private final HttpClient http;
    private final URI base;
    private final String secret;
    private final int concurrency;
    private final Duration warmup;
    private final Duration measure;

    private IngestBenchmark(int port, String secret, int concurrency, Duration warmup, Duration measure,
                            ExecutorService clientThreads) {
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(clientThreads)
                .connectTimeout(Duration.ofSeconds(5)).build();
        this.base = URI.create("http://127.0.0.1:" + port);
        this.secret = secret;
        this.concurrency = concurrency;
        this.warmup = warmup;
        this.measure = measure;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = BenchArgs.options(args);
        int concurrency = Integer.parseInt(options.getOrDefault("concurrency", "64"));
        Duration warmup = Duration.ofSeconds(Long.parseLong(options.getOrDefault("warmup", "10")));
        Duration measure = Duration.ofSeconds(Long.parseLong(options.getOrDefault("seconds", "15")));
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        String secret = HexFormat.of().formatHex(key);

        try (EmbeddedKafka kafka = EmbeddedKafka.start(0, null);
             EmbeddedSqs sqs = EmbeddedSqs.start(0, List.of(QUEUE))) {
            // Command-line arguments, because application.yml outranks SpringApplicationBuilder.properties().
            ConfigurableApplicationContext bridge = new SpringApplicationBuilder(BridgeApplication.class,
                    CeilingController.class, CeilingSecurity.class).profiles(CeilingController.PROFILE).run(
                            "--server.port=0",
                            "--spring.kafka.bootstrap-servers=" + kafka.bootstrapServers(),
                            "--spring.cloud.aws.sqs.endpoint=" + sqs.endpoint(),
                            "--spring.cloud.aws.region.static=" + sqs.region(),
                            "--waveflow.bridge.sqs-queue-url=" + sqs.queueUrl(QUEUE),
                            "--waveflow.bridge.webhook.secrets=" + secret,
                            // Every log line still written, to a file as in production; the console stays readable.
                            "--logging.file.name=target/bench/bridge.log",
                            "--logging.threshold.console=WARN");
            ExecutorService clientThreads = Executors.newFixedThreadPool(2);
            try {
                int port = ((WebServerApplicationContext) bridge).getWebServer().getPort();
                new IngestBenchmark(port, secret, concurrency, warmup, measure, clientThreads).run();
            } finally {
                clientThreads.shutdownNow();
                bridge.close();
            }
        }
    }

    private void run() throws InterruptedException {
        System.out.printf(Locale.ROOT, "%nWaveflow bridge ingest benchmark: %d cores, %d connections at saturation, "
                        + "%d s warm-up + %d s measured per row%n%n", Runtime.getRuntime().availableProcessors(),
                concurrency, warmup.toSeconds(), measure.toSeconds());
        // Both code paths hot before anything is measured; the first row would otherwise pay for the JIT.
        closedLoop(CEILING);
        closedLoop(WEBHOOK);
        String loadBefore = BenchArgs.loadAverage();
        List<Result> results = new ArrayList<>();
        for (String path : List.of(CEILING, WEBHOOK)) {
            Result saturated = closedLoop(path);
            results.add(saturated);
            results.add(openLoop(path, saturated.throughput() / 2));
        }
        System.out.printf(Locale.ROOT, "%-18s %-12s %10s %10s %9s %9s %8s%n",
                "endpoint", "load", "target/s", "achieved/s", "p50 ms", "p99 ms", "errors");
        for (Result result : results) {
            System.out.printf(Locale.ROOT, "%-18s %-12s %10s %10.0f %9.2f %9.2f %8d%n", result.path(), result.load(),
                    result.target() == 0 ? "-" : String.format(Locale.ROOT, "%.0f", result.target()),
                    result.throughput(), result.p50Millis(), result.p99Millis(), result.errors());
        }
        System.out.printf(Locale.ROOT, "%nmachine load average (1, 5, 15 min) before: %s, after: %s%n", loadBefore,
                BenchArgs.loadAverage());
        Result ceilingMax = results.get(0);
        Result ceilingHalf = results.get(1);
        Result webhookMax = results.get(2);
        Result webhookHalf = results.get(3);
        System.out.printf(Locale.ROOT, "%nwebhook / ceiling: throughput at saturation %.2f; p50 at saturation %.1fx, "
                        + "at half load %.1fx; p99 at half load %.1fx%n",
                webhookMax.throughput() / ceilingMax.throughput(), webhookMax.p50Millis() / ceilingMax.p50Millis(),
                webhookHalf.p50Millis() / ceilingHalf.p50Millis(), webhookHalf.p99Millis() / ceilingHalf.p99Millis());
    }

    /** {@code concurrency} connections, each sending its next request as soon as the previous one is answered. */
    private Result closedLoop(String path) throws InterruptedException {
        Recorder recorder = new Recorder();
        AtomicBoolean running = new AtomicBoolean(true);
        for (int i = 0; i < concurrency; i++) {
            loop(path, recorder, running);
        }
        Thread.sleep(warmup.toMillis());
        recorder.start();
        Thread.sleep(measure.toMillis());
        Result result = recorder.stop(path, "saturation", 0);
        running.set(false);
        recorder.awaitIdle();
        return result;
    }

    private void loop(String path, Recorder recorder, AtomicBoolean running) {
        if (!running.get()) {
            return;
        }
        long started = System.nanoTime();
        recorder.sent();
        http.sendAsync(request(path), HttpResponse.BodyHandlers.ofString()).whenComplete((response, error) -> {
            recorder.answered(started, error == null && response.statusCode() == 200);
            loop(path, recorder, running);
        });
    }

    /** Requests sent on a fixed schedule whatever the answers do; latency counts from the scheduled time. */
    private Result openLoop(String path, double rate) throws InterruptedException {
        Recorder recorder = new Recorder();
        long interval = (long) (1_000_000_000L / rate);
        long start = System.nanoTime();
        long measureFrom = start + warmup.toNanos();
        long end = measureFrom + measure.toNanos();
        long next = start;
        boolean measuring = false;
        while (next < end) {
            long wait = next - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            if (!measuring && next >= measureFrom) {
                recorder.start();
                measuring = true;
            }
            long scheduled = next;
            recorder.sent();
            http.sendAsync(request(path), HttpResponse.BodyHandlers.ofString()).whenComplete((response, error) ->
                    recorder.answered(scheduled, error == null && response.statusCode() == 200));
            next += interval;
        }
        Result result = recorder.stop(path, "half", rate);
        recorder.awaitIdle();
        return result;
    }

    private HttpRequest request(String path) {
        byte[] body = """
                {"userId":"bench-user","trackId":"bench-track","stemId":"bench-%s","filepath":"stems/bench.wav",\
                "original_filename":"bench.wav"}""".formatted(UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
        return HttpRequest.newBuilder(base.resolve(path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header(WebhookSignature.HEADER, WebhookSignature.sign(secret, Instant.now().getEpochSecond(), body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
    }

    /** The trivial endpoint on the same server: the cost of HTTP alone (Tomcat, Spring MVC, JSON answer). */
    @RestController
    @Profile(CeilingController.PROFILE)
    static class CeilingController {

        /** Only the benchmark turns it on: the bridge's component scan reaches this package from the tests. */
        static final String PROFILE = "ingest-benchmark";

        @PostMapping(path = CEILING, consumes = "application/json")
        Map<String, String> ceiling(@RequestBody byte[] body) {
            return Map.of("status", "success", "message", body.length + " bytes");
        }
    }

    /** The ceiling is signed like a webhook and reads no bearer token, as the webhooks do not. */
    @Configuration(proxyBeanMethods = false)
    @Profile(CeilingController.PROFILE)
    static class CeilingSecurity {

        @Bean
        @Order(0)
        SecurityFilterChain ceilingWithoutToken(HttpSecurity http) throws Exception {
            return ApiSecurity.open(http, CEILING);
        }
    }

    /** Latencies of the answers that arrived inside the measured window. */
    private static final class Recorder {

        private final AtomicLong inFlight = new AtomicLong();
        private final AtomicLong errors = new AtomicLong();
        private volatile boolean recording;
        private long startedAt;
        private long[] latencies = new long[1 << 16];
        private int count;

        void start() {
            startedAt = System.nanoTime();
            recording = true;
        }

        void sent() {
            inFlight.incrementAndGet();
        }

        void answered(long since, boolean ok) {
            long latency = System.nanoTime() - since;
            inFlight.decrementAndGet();
            if (!recording) {
                return;
            }
            if (!ok) {
                errors.incrementAndGet();
            }
            synchronized (this) {
                if (count == latencies.length) {
                    latencies = Arrays.copyOf(latencies, count * 2);
                }
                latencies[count++] = latency;
            }
        }

        Result stop(String path, String load, double target) {
            recording = false;
            double seconds = (System.nanoTime() - startedAt) / 1e9;
            long[] sorted;
            synchronized (this) {
                sorted = Arrays.copyOf(latencies, count);
            }
            Arrays.sort(sorted);
            return new Result(path, load, target, sorted.length / seconds, percentile(sorted, 0.50),
                    percentile(sorted, 0.99), errors.get());
        }

        void awaitIdle() throws InterruptedException {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (inFlight.get() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
        }

        private static double percentile(long[] sorted, double quantile) {
            if (sorted.length == 0) {
                return Double.NaN;
            }
            return sorted[(int) Math.min(sorted.length - 1, Math.ceil(quantile * sorted.length) - 1)] / 1e6;
        }
    }

    private record Result(String path, String load, double target, double throughput, double p50Millis,
                          double p99Millis, long errors) {
    }
}
