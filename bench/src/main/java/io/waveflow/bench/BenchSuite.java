package io.waveflow.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import io.waveflow.contracts.Sha256;
import io.waveflow.infra.FreePorts;
import io.waveflow.local.LocalStack;
import io.waveflow.local.LocalStackSettings;
import io.waveflow.local.Service;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The whole pipeline under load, side by side with a seed-style baseline and the machine's HTTP
 * ceiling. Starts a {@link LocalStack} on free ports with a fresh data directory, runs the phases
 * ({@link RacePhase}, {@link HashCheckPhase}, {@link EndToEndPhase}, {@link LatencyPhase},
 * {@link CapacityPhase}, {@link IngestPhase}), reads
 * the services' peak memory (figure 5), and writes {@code BENCHMARKS.md}. A benchmark, not a
 * test: nothing here asserts a time.
 */
public final class BenchSuite {

    private static final Logger log = LoggerFactory.getLogger(BenchSuite.class);

    private final BenchOptions options;
    private final String run = UUID.randomUUID().toString().substring(0, 6);
    private final Report report = new Report();
    private final Map<String, String> hashes = new ConcurrentHashMap<>();

    private LocalStack stack;
    private SignedHttp http;
    private SqsClient sqs;
    private SeedBaseline baseline;
    private WorkerSimulator waveflowWorkers;
    private WorkerSimulator baselineWorkers;

    private BenchSuite(BenchOptions options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        BenchOptions options = BenchOptions.parse(args);
        new BenchSuite(options).runAll();
        // The HTTP client's and SDK's pools keep non-daemon threads; the suite is done.
        System.exit(0);
    }

    private void runAll() throws Exception {
        Instant started = Instant.now();
        String loadAtStart = Machine.loadAverage();
        Path dataDir = Files.createTempDirectory("waveflow-bench");
        LocalStackSettings settings = new LocalStackSettings(FreePorts.pick(), FreePorts.pick(), FreePorts.pick(),
                FreePorts.pick(), FreePorts.pick(), FreePorts.pick(), dataDir, options.repoRoot(),
                Duration.ofSeconds(300));
        log.info("Starting the local stack (data {})", dataDir);
        long stackStart = System.nanoTime();
        stack = new LocalStack(settings, line -> { });
        Map<String, Double> memory;
        String loadAfterStart;
        try {
            stack.start();
            double startupSeconds = (System.nanoTime() - stackStart) / 1e9;
            report.note(String.format(Locale.ROOT, "Local stack (Kafka, ElasticMQ, PostgreSQL in-JVM; three service JVMs)"
                    + " started in %.1f s.", startupSeconds));
            loadAfterStart = Machine.loadAverage();
            URI bridge = stack.serviceUrl(Service.BRIDGE);
            http = new SignedHttp(stack.webhookSecret());
            sqs = Sqs.client(stack.sqsEndpoint(), stack.region());
            baseline = new SeedBaseline(FreePorts.pick(), stack.jdbcUrl(), stack.databaseUsername(),
                    stack.databasePassword(), sqs, stack.webhookSecret());
            waveflowWorkers = new WorkerSimulator(sqs, stack.queueUrl(), options.workerThreads(), http, bridge,
                    this::hashOf, options.profile());
            baselineWorkers = new WorkerSimulator(sqs, baseline.queueUrl(), options.workerThreads(), http,
                    baseline.url(), this::hashOf, options.profile());

            Phase.Setup setup = new Phase.Setup(options, run, hashes, stack, http, baseline, waveflowWorkers,
                    baselineWorkers, report);
            if (options.runs("race")) {
                new RacePhase(setup).measure();
            }
            if (options.runs("hashcheck")) {
                new HashCheckPhase(setup).measure();
            }
            if (options.runs("e2e")) {
                new EndToEndPhase(setup).measure();
            }
            ProcessCpu cpu = new ProcessCpu(dataDir);
            SteadyRun steady = new SteadyRun(http, hashes, stack.jdbcUrl(), stack.databaseUsername(),
                    stack.databasePassword(), options.pollMillis(), cpu);
            if (options.runs("latency")) {
                new LatencyPhase(setup, steady).measure();
            }
            if (options.runs("capacity")) {
                new CapacityPhase(setup, steady).measure();
            }
            if (options.runs("ingest")) {
                new IngestPhase(setup).measure();
            }
            memory = Machine.peakRss(List.of("bridge", "workflow-streams", "projections"), dataDir);
            memory.forEach((who, mib) -> report.add(new Report.Row("5", "peak resident memory (VmHWM): " + who,
                    mib < 0 ? "n/a" : String.format(Locale.ROOT, "%.0f MiB", mib), options.command())));
        } finally {
            if (waveflowWorkers != null) {
                waveflowWorkers.close();
            }
            if (baselineWorkers != null) {
                baselineWorkers.close();
            }
            if (baseline != null) {
                baseline.close();
            }
            stack.stop();
            deleteQuietly(dataDir);
        }
        if (http != null) {
            http.failures().forEach((what, count) -> report.note("Not 2xx: " + count + " × " + what));
        }
        if (waveflowWorkers != null) {
            report.note("Worker simulator: " + waveflowWorkers.decodeErrors() + " undecodable messages (Waveflow), "
                    + baselineWorkers.decodeErrors() + " (seed-style).");
        }
        String loadAtEnd = Machine.loadAverage();
        report.note(String.format(Locale.ROOT, "This run took %d s from start to report (limits: %s).",
                Duration.between(started, Instant.now()).toSeconds(),
                options.quick() ? "4 minutes with --quick" : "20 minutes for the full suite"));
        String markdown = report.markdown(options, started, loadAtStart, loadAfterStart, loadAtEnd);
        Files.writeString(options.output(), markdown);
        System.out.println(markdown);
        log.info("Wrote {} in {} s", options.output(), Duration.between(started, Instant.now()).toSeconds());
    }

    private String hashOf(String stemId) {
        return hashes.computeIfAbsent(stemId, id -> Sha256.hex("audio " + id));
    }

    private static void deleteQuietly(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | RuntimeException e) {
            log.warn("Could not delete {}: {}", dir, e.toString());
        }
    }
}
