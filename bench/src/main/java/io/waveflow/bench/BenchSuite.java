package io.waveflow.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import io.waveflow.contracts.topic.Topics;
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
 * (race, hash-check to SQS, end to end, ingest), reads the services' peak memory, and writes
 * {@code BENCHMARKS.md}. A benchmark, not a test: nothing here asserts a time.
 */
public final class BenchSuite {

    private static final Logger log = LoggerFactory.getLogger(BenchSuite.class);

    /** One row of the report: figure number, what, the value, the command that produced it. */
    record Row(String figure, String what, String value, String command) {
    }

    record Stem(String stemId, String userId, String trackId) {

        Map<String, Object> upload() {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("userId", userId);
            body.put("trackId", trackId);
            body.put("stemId", stemId);
            body.put("filepath", filepath());
            body.put("original_filename", stemId + ".wav");
            return body;
        }

        Map<String, Object> hashCheck(String hash) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("stemId", stemId);
            body.put("userId", userId);
            body.put("trackId", trackId);
            body.put("filepath", filepath());
            body.put("audio_hash", hash);
            body.put("timestamp", Instant.now().toString());
            body.put("original_filename", stemId + ".wav");
            body.put("status", "SUCCESS");
            return body;
        }

        String filepath() {
            return "stems/" + userId + "/" + trackId + "/" + stemId + ".wav";
        }
    }

    private final BenchOptions options;
    private final String run = UUID.randomUUID().toString().substring(0, 6);
    private final List<Row> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final Map<String, String> hashes = new ConcurrentHashMap<>();

    private LocalStack stack;
    private SignedHttp http;
    private SqsClient sqs;
    private SeedBaseline baseline;
    private WorkerSimulator waveflowWorkers;
    private WorkerSimulator baselineWorkers;
    private URI bridge;

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
            notes.add(String.format(Locale.ROOT, "Local stack (Kafka, ElasticMQ, PostgreSQL in-JVM; three service JVMs)"
                    + " started in %.1f s.", startupSeconds));
            loadAfterStart = Machine.loadAverage();
            bridge = stack.serviceUrl(Service.BRIDGE);
            http = new SignedHttp(stack.webhookSecret());
            sqs = Sqs.client(stack.sqsEndpoint(), stack.region());
            baseline = new SeedBaseline(FreePorts.pick(), stack.jdbcUrl(), stack.databaseUsername(),
                    stack.databasePassword(), sqs, stack.webhookSecret());
            waveflowWorkers = new WorkerSimulator(sqs, stack.queueUrl(), options.workerThreads(), http, bridge,
                    this::hashOf, options.profile());
            baselineWorkers = new WorkerSimulator(sqs, baseline.queueUrl(), options.workerThreads(), http,
                    baseline.url(), this::hashOf, options.profile());

            if (options.runs("race")) {
                race();
            }
            if (options.runs("hashcheck")) {
                hashCheckToSqs();
            }
            if (options.runs("e2e")) {
                endToEnd();
            }
            if (options.runs("ingest")) {
                ingest();
            }
            memory = Machine.peakRss(List.of("bridge", "workflow-streams", "projections"), dataDir);
            memory.forEach((who, mib) -> rows.add(new Row("5", "peak resident memory (VmHWM): " + who,
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
            http.failures().forEach((what, count) -> notes.add("Not 2xx: " + count + " × " + what));
        }
        if (waveflowWorkers != null) {
            notes.add("Worker simulator: " + waveflowWorkers.decodeErrors() + " undecodable messages (Waveflow), "
                    + baselineWorkers.decodeErrors() + " (seed-style).");
        }
        String loadAtEnd = Machine.loadAverage();
        notes.add(String.format(Locale.ROOT, "This run took %d s from start to report (limits: %s).",
                Duration.between(started, Instant.now()).toSeconds(),
                options.quick() ? "2 minutes with --quick" : "10 minutes for the full suite"));
        String report = report(started, loadAtStart, loadAfterStart, loadAtEnd);
        Files.writeString(options.output(), report);
        System.out.println(report);
        log.info("Wrote {} in {} s", options.output(), Duration.between(started, Instant.now()).toSeconds());
    }

    // ---- 6: race -------------------------------------------------------------------------------

    private void race() throws InterruptedException {
        int waveflowDoubles = racePairs("waveflow", bridge, waveflowWorkers);
        int baselineDoubles = racePairs("seed", baseline.url(), baselineWorkers);
        int n = options.racePairs();
        rows.add(new Row("6", "race: pairs of concurrent same-audio uploads with two analysis commands, Waveflow",
                waveflowDoubles + " of " + n, options.command()));
        rows.add(new Row("6", "race: same, seed-style baseline (check stem_file, insert at completion)",
                baselineDoubles + " of " + n, options.command()));
    }

    /** Uploads N pairs of stems with the same audio at once; answers the pairs whose both stems got analysis. */
    private int racePairs(String system, URI target, WorkerSimulator workers) throws InterruptedException {
        waveflowWorkers.mode(WorkerSimulator.Mode.ANSWER);
        baselineWorkers.mode(WorkerSimulator.Mode.ANSWER);
        int n = options.racePairs();
        List<Stem[]> pairs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String user = "race-user-" + system + "-" + run + "-" + i;
            Stem a = new Stem("race-" + system + "-" + run + "-" + i + "-a", user, "track-" + i);
            Stem b = new Stem("race-" + system + "-" + run + "-" + i + "-b", user, "track-" + i);
            String hash = sha256("race audio " + system + run + i);
            hashes.put(a.stemId(), hash);
            hashes.put(b.stemId(), hash);
            pairs.add(new Stem[] {a, b});
        }
        ExecutorService uploaders = Executors.newFixedThreadPool(2 * Math.min(n, 16));
        for (Stem[] pair : pairs) {
            CountDownLatch go = new CountDownLatch(1);
            for (Stem stem : pair) {
                uploaders.execute(() -> {
                    await(go);
                    http.post(target.resolve("/upload-complete"), stem.upload());
                });
            }
            go.countDown();
        }
        uploaders.shutdown();
        uploaders.awaitTermination(2, TimeUnit.MINUTES);
        boolean settled = waitFor(Duration.ofSeconds(120), () -> pairs.stream().flatMap(p -> List.of(p).stream())
                .allMatch(s -> workers.firstSeen(WorkerSimulator.PROCESS_AUDIO_ANALYSIS, s.stemId()) != null
                        || workers.firstSeen(WorkerSimulator.PROCESS_DUPLICATE_FILE, s.stemId()) != null));
        // A late second command would still show up: give it the analysis delay and a margin.
        Thread.sleep(options.profile().analysisDelay().toMillis() + 2000);
        if (!settled) {
            notes.add("Race (" + system + "): not every stem had its second command within 120 s.");
        }
        int doubles = 0;
        for (Stem[] pair : pairs) {
            if (workers.firstSeen(WorkerSimulator.PROCESS_AUDIO_ANALYSIS, pair[0].stemId()) != null
                    && workers.firstSeen(WorkerSimulator.PROCESS_AUDIO_ANALYSIS, pair[1].stemId()) != null) {
                doubles++;
            }
        }
        log.info("Race {}: {} of {} pairs got two analysis commands", system, doubles, n);
        return doubles;
    }

    // ---- 2: hash-check -> SQS command ----------------------------------------------------------

    private void hashCheckToSqs() throws InterruptedException {
        HashCheckResult w = hashCheck("waveflow", bridge, waveflowWorkers);
        HashCheckResult s = hashCheck("seed", baseline.url(), baselineWorkers);
        String c = options.command();
        rows.add(new Row("2", "hash-check webhooks accepted/s at saturation (" + options.concurrency()
                + " connections, " + options.hashStems() + " stems): Waveflow / seed-style", fmt(w.acceptedPerSecond)
                + " / " + fmt(s.acceptedPerSecond) + " (ratio " + ratio(w.acceptedPerSecond, s.acceptedPerSecond) + ")", c));
        rows.add(new Row("2", "analysis commands visible on SQS per s: Waveflow / seed-style",
                fmt(w.visiblePerSecond) + " / " + fmt(s.visiblePerSecond) + " (ratio "
                        + ratio(w.visiblePerSecond, s.visiblePerSecond) + ")", c));
        rows.add(new Row("2", "webhook accepted → message visible on SQS, p50 / p99: Waveflow",
                ms(w.acceptedToVisible.percentileMillis(50)) + " / " + ms(w.acceptedToVisible.percentileMillis(99)), c));
        rows.add(new Row("2", "webhook accepted → message visible on SQS, p50 / p99: seed-style (sent before the answer, so ≈ 0)",
                ms(s.acceptedToVisible.percentileMillis(50)) + " / " + ms(s.acceptedToVisible.percentileMillis(99)), c));
        rows.add(new Row("2", "webhook sent → message visible on SQS, p50 / p99: Waveflow / seed-style",
                ms(w.sentToVisible.percentileMillis(50)) + " / " + ms(w.sentToVisible.percentileMillis(99)) + "  vs  "
                        + ms(s.sentToVisible.percentileMillis(50)) + " / " + ms(s.sentToVisible.percentileMillis(99)), c));
    }

    private record HashCheckResult(double acceptedPerSecond, double visiblePerSecond, Latencies acceptedToVisible,
                                   Latencies sentToVisible) {
    }

    private HashCheckResult hashCheck(String system, URI target, WorkerSimulator workers) throws InterruptedException {
        workers.mode(WorkerSimulator.Mode.OBSERVE);
        int n = options.hashStems();
        List<Stem> stems = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            stems.add(new Stem("hc-" + system + "-" + run + "-" + i, "hc-user-" + (i % 50), "hc-track-" + system + run + i));
        }
        // Stage 1 first, so every stem is waiting for its hash when the measured webhooks arrive.
        forEachConcurrently(stems, options.concurrency(), stem -> http.post(target.resolve("/upload-complete"), stem.upload()));
        if (!waitFor(Duration.ofSeconds(180), () -> stems.stream()
                .allMatch(s -> workers.firstSeen(WorkerSimulator.GENERATE_HASH, s.stemId()) != null))) {
            notes.add("Hash-check (" + system + "): not every hash task arrived within 180 s.");
        }
        Map<String, Long> sent = new ConcurrentHashMap<>();
        Map<String, Long> accepted = new ConcurrentHashMap<>();
        long begin = System.nanoTime();
        forEachConcurrently(stems, options.concurrency(), stem -> {
            sent.put(stem.stemId(), System.nanoTime());
            int status = http.post(target.resolve("/webhook/hash-check"), stem.hashCheck(sha256("hc " + stem.stemId())));
            if (status / 100 == 2) {
                accepted.put(stem.stemId(), System.nanoTime());
            }
        });
        long lastAccepted = accepted.values().stream().max(Long::compare).orElse(begin);
        if (!waitFor(Duration.ofSeconds(180), () -> stems.stream()
                .allMatch(s -> workers.firstSeen(WorkerSimulator.PROCESS_AUDIO_ANALYSIS, s.stemId()) != null))) {
            notes.add("Hash-check (" + system + "): not every analysis command arrived within 180 s.");
        }
        Latencies acceptedToVisible = new Latencies();
        Latencies sentToVisible = new Latencies();
        long lastVisible = begin;
        int visible = 0;
        for (Stem stem : stems) {
            Long seen = workers.firstSeen(WorkerSimulator.PROCESS_AUDIO_ANALYSIS, stem.stemId());
            Long acc = accepted.get(stem.stemId());
            if (seen == null || acc == null) {
                continue;
            }
            visible++;
            lastVisible = Math.max(lastVisible, seen);
            acceptedToVisible.record(Math.max(0, seen - acc));
            sentToVisible.record(seen - sent.get(stem.stemId()));
        }
        workers.mode(WorkerSimulator.Mode.ANSWER);
        HashCheckResult result = new HashCheckResult(accepted.size() / ((lastAccepted - begin) / 1e9),
                visible / ((lastVisible - begin) / 1e9), acceptedToVisible, sentToVisible);
        log.info("Hash-check {}: {}", system, result);
        if (accepted.size() < n) {
            notes.add("Hash-check (" + system + "): " + (n - accepted.size()) + " of " + n + " webhooks were not accepted.");
        }
        return result;
    }

    // ---- 3 and 4: end to end -------------------------------------------------------------------

    private void endToEnd() throws Exception {
        waveflowWorkers.mode(WorkerSimulator.Mode.ANSWER);
        warmUpEndToEnd();
        int n = options.e2eStems();
        java.util.Random random = new java.util.Random(42);
        List<Stem> stems = new ArrayList<>();
        List<Stem> originals = new ArrayList<>();
        int duplicates = 0;
        String prefix = "e2e-" + run + "-";
        for (int i = 0; i < n; i++) {
            // Exactly the configured share, spread evenly; the original is a random earlier stem.
            boolean duplicate = Math.floor((i + 1) * options.duplicateShare()) > Math.floor(i * options.duplicateShare());
            if (!originals.isEmpty() && duplicate) {
                Stem original = originals.get(random.nextInt(originals.size()));
                Stem copy = new Stem(prefix + i, original.userId(), original.trackId());
                hashes.put(copy.stemId(), hashes.get(original.stemId()));
                stems.add(copy);
                duplicates++;
            } else {
                Stem stem = new Stem(prefix + i, "e2e-user-" + (i % 50), "e2e-track-" + run + "-" + i);
                hashes.put(stem.stemId(), sha256("e2e audio " + stem.stemId()));
                stems.add(stem);
                originals.add(stem);
            }
        }
        Map<String, Long> uploaded = new ConcurrentHashMap<>();
        Map<String, Long> finals = new ConcurrentHashMap<>();
        Map<String, String> finalStatus = new ConcurrentHashMap<>();
        long seenBefore = waveflowWorkers.seenCount();
        CommandWatcher watcher = new CommandWatcher(stack.kafkaBootstrapServers(), Topics.COMMANDS.name(), prefix);
        AtomicInteger next = new AtomicInteger();
        long[] history = new long[3];
        Thread poller = new Thread(() -> pollFinals(prefix, n, finals, finalStatus, history), "read-model-poller");
        poller.start();
        long begin = System.nanoTime();
        Duration sending = Duration.ofMillis((long) (n * 1000.0 / options.e2eRate()));
        Load.Result uploads = Load.openLoop(options.e2eRate(), Duration.ZERO, sending, 32, () -> {
            int i = next.getAndIncrement();
            if (i >= n) {
                return 200;
            }
            Stem stem = stems.get(i);
            uploaded.put(stem.stemId(), System.nanoTime());
            return http.post(bridge.resolve("/upload-complete"), stem.upload());
        });
        poller.join(Duration.ofSeconds(180).toMillis());
        pollerDone = true;
        poller.join();
        watcher.close();
        long end = finals.values().stream().max(Long::compare).orElse(System.nanoTime());
        Latencies latency = new Latencies();
        for (Map.Entry<String, Long> e : finals.entrySet()) {
            Long up = uploaded.get(e.getKey());
            if (up != null) {
                latency.record(e.getValue() - up);
            }
        }
        double seconds = (end - begin) / 1e9;
        Map<String, Long> byStatus = new LinkedHashMap<>();
        finalStatus.values().forEach(s -> byStatus.merge(s, 1L, Long::sum));
        String c = options.command();
        rows.add(new Row("3", String.format(Locale.ROOT, "end to end: %d stems offered at %.0f/s (%d duplicates, %.0f%%),"
                        + " final in read model", n, options.e2eRate(), duplicates, 100.0 * duplicates / n),
                finals.size() + " final " + byStatus + " in " + String.format(Locale.ROOT, "%.1f s", seconds)
                        + " = " + fmt(finals.size() / seconds) + " stems/s", c));
        rows.add(new Row("3", "upload → final row in the read model (stage done or error), p50 / p99",
                ms(latency.percentileMillis(50)) + " / " + ms(latency.percentileMillis(99)), c));
        if (uploads.errors() > 0) {
            notes.add("End to end: " + uploads.errors() + " uploads were not accepted.");
        }

        Latencies[] waveflowAtLoad = hashCheckLatencies(stems, waveflowWorkers);
        Latencies topologyPart = new Latencies();
        Latencies forwarderPart = new Latencies();
        for (Stem stem : stems) {
            long[] check = waveflowWorkers.hashCheck(stem.stemId());
            Long onKafka = watcher.arrival(stem.stemId(), 1); // the second command: after GenerateHash
            Long onSqs = waveflowWorkers.firstSeen(WorkerSimulator.PROCESS_AUDIO_ANALYSIS, stem.stemId());
            if (check != null && onKafka != null && onSqs != null) {
                topologyPart.record(onKafka - check[1]);
                forwarderPart.record(onSqs - onKafka);
            }
        }
        Latencies[] seedAtLoad = baselineAtLoad();
        rows.add(new Row("2", "at figure 3's offered load (" + fmt(options.e2eRate()) + " stems/s): hash-check accepted →"
                + " analysis visible on SQS, p50 / p99: Waveflow  vs  seed-style",
                ms(waveflowAtLoad[0].percentileMillis(50)) + " / " + ms(waveflowAtLoad[0].percentileMillis(99)) + "  vs  "
                        + ms(seedAtLoad[0].percentileMillis(50)) + " / " + ms(seedAtLoad[0].percentileMillis(99)), c));
        rows.add(new Row("2", "same load: hash-check sent → analysis visible on SQS, p50 / p99: Waveflow  vs  seed-style",
                ms(waveflowAtLoad[1].percentileMillis(50)) + " / " + ms(waveflowAtLoad[1].percentileMillis(99)) + "  vs  "
                        + ms(seedAtLoad[1].percentileMillis(50)) + " / " + ms(seedAtLoad[1].percentileMillis(99)), c));

        rows.add(new Row("2", "same load, Waveflow split (" + topologyPart.count() + " stems): hash-check accepted → command"
                + " committed on Kafka (topology, EOS) p50 / p99; command on Kafka → visible on SQS (bridge forwarder) p50 / p99",
                ms(topologyPart.percentileMillis(50)) + " / " + ms(topologyPart.percentileMillis(99)) + ";  "
                        + ms(forwarderPart.percentileMillis(50)) + " / " + ms(forwarderPart.percentileMillis(99)), c));

        String kafka = stack.kafkaBootstrapServers();
        TopicCounter.Count inbound = TopicCounter.count(kafka, Topics.INBOUND.name(), prefix);
        TopicCounter.Count workflow = TopicCounter.count(kafka, Topics.WORKFLOW.name(), prefix);
        TopicCounter.Count commands = TopicCounter.count(kafka, Topics.COMMANDS.name(), prefix);
        if (options.profile().lostShare() > 0) {
            // Every stem needs two commands (hash, then analysis or duplicate clean-up); more are
            // the deadline sweep's re-commands of tasks the simulator dropped.
            rows.add(new Row("7", String.format(Locale.ROOT, "lost tasks (the simulator never answers %.0f%% of tasks):"
                            + " stems left without a final outcome, Waveflow (deadlines re-command)  vs  seed-style,"
                            + " at least (stems whose analysis task never reached SQS; the seed has no deadline)",
                            100 * options.profile().lostShare()),
                    (n - finals.size()) + " of " + n + " (" + (commands.records() - 2L * n) + " re-commands)  vs  "
                            + seedStemsWithoutAnalysis + " of " + n, c));
        }
        long topologyOut = workflow.records() + commands.records();
        long first = Math.min(workflow.firstMillis(), commands.firstMillis());
        long last = Math.max(workflow.lastMillis(), commands.lastMillis());
        rows.add(new Row("4", "topology: inbound events in / workflow + command events out (this run's stems), by record time",
                inbound.records() + " in at " + fmt(inbound.perSecond()) + "/s; " + topologyOut + " out at "
                        + fmt(topologyOut * 1000.0 / Math.max(1, last - first)) + "/s", c));
        long forwarded = waveflowWorkers.seenCount() - seenBefore;
        List<WorkerSimulator.Seen> e2eSeen = waveflowWorkers.seen().stream()
                .filter(s -> s.stemId().startsWith(prefix)).toList();
        long firstSeen = e2eSeen.stream().mapToLong(WorkerSimulator.Seen::nanos).min().orElse(0);
        long lastSeen = e2eSeen.stream().mapToLong(WorkerSimulator.Seen::nanos).max().orElse(0);
        rows.add(new Row("4", "SQS forwarding: Celery messages received by the worker simulator",
                e2eSeen.size() + " (" + commands.records() + " commands on Kafka) at "
                        + fmt(e2eSeen.size() / Math.max(1e-9, (lastSeen - firstSeen) / 1e9)) + "/s", c));
        rows.add(new Row("4", "projections: history rows (one per inbound or workflow event applied) in PostgreSQL",
                history[0] + " at " + fmt(history[0] / Math.max(1e-9, (history[2] - history[1]) / 1e9))
                        + "/s (first to last row seen by the poller)", c));
        notes.add("Figures 4 are the rates each stage reached while carrying figure 3's offered load (" + fmt(options.e2eRate())
                + " stems/s), not their capacities; the capacities measured by the module benchmarks are quoted as rows"
                + " \"4 (quoted)\". " + forwarded + " Celery messages arrived in this window in total.");
        rows.add(new Row("4 (quoted)", "topology capacity alone: EOS v2, 4 partitions, 1 stream thread (workflow-streams/BENCHMARK.md)",
                "2,844 events/s on an idle machine (1,330 with load average 12-18)",
                "mvn -q -f workflow-streams/pom.xml exec:java -Dexec.classpathScope=test"
                        + " -Dexec.mainClass=io.waveflow.workflow.bench.TopologyBenchmark"));
        rows.add(new Row("4 (quoted)", "projection capacity alone into PostgreSQL (projections/BENCHMARK.md)",
                "7,500-24,600 events/s by batch size; consumer loop 7,800-13,900 events/s",
                "mvn -B -q -f projections/pom.xml test -Dtest=ProjectionBenchmark -Dsurefire.failIfNoSpecifiedTests=false"));
    }

    private volatile boolean pollerDone;
    /** Stems of the seed-style run at figure 3's load whose analysis task never reached SQS. */
    private long seedStemsWithoutAnalysis;

    /**
     * Offers stems at figure 3's rate for the warm-up time and waits until they are final, so the
     * measured stems meet warm JVMs and an empty pipeline whichever phases ran before. A cold stack
     * on two cores falls behind its first seconds of load and queues the rest behind them.
     */
    private void warmUpEndToEnd() throws InterruptedException {
        int n = (int) Math.ceil(options.e2eWarmup().toSeconds() * options.e2eRate());
        if (n == 0) {
            return;
        }
        String prefix = "e2e-warm-" + run + "-";
        List<Stem> stems = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Stem stem = new Stem(prefix + i, "e2e-warm-user-" + (i % 50), "e2e-warm-track-" + i);
            hashes.put(stem.stemId(), sha256("e2e warm-up audio " + stem.stemId()));
            stems.add(stem);
        }
        AtomicInteger next = new AtomicInteger();
        long begin = System.nanoTime();
        Load.openLoop(options.e2eRate(), Duration.ZERO, options.e2eWarmup(), 32, () -> {
            int i = next.getAndIncrement();
            return i >= n ? 200 : http.post(bridge.resolve("/upload-complete"), stems.get(i).upload());
        });
        Map<String, Long> finals = new ConcurrentHashMap<>();
        Thread poller = new Thread(() -> pollFinals(prefix, n, finals, new ConcurrentHashMap<>(), new long[3]),
                "warm-up-poller");
        pollerDone = false;
        poller.start();
        poller.join(Duration.ofSeconds(120).toMillis());
        pollerDone = true;
        poller.join();
        pollerDone = false;
        notes.add(String.format(Locale.ROOT, "End to end: %d warm-up stems went through at the same rate first and are"
                + " not counted (%d final %.1f s after the first upload).", n, finals.size(),
                (System.nanoTime() - begin) / 1e9));
    }

    /** [accepted → visible, sent → visible] of the stems whose hash-check led to an analysis command. */
    private static Latencies[] hashCheckLatencies(List<Stem> stems, WorkerSimulator workers) {
        Latencies accepted = new Latencies();
        Latencies sent = new Latencies();
        for (Stem stem : stems) {
            long[] check = workers.hashCheck(stem.stemId());
            Long seen = workers.firstSeen(WorkerSimulator.PROCESS_AUDIO_ANALYSIS, stem.stemId());
            if (check != null && seen != null) {
                accepted.record(Math.max(0, seen - check[1]));
                sent.record(seen - check[0]);
            }
        }
        return new Latencies[] {accepted, sent};
    }

    /** The same upload stream through the seed-style baseline and the same worker simulator. */
    private Latencies[] baselineAtLoad() throws InterruptedException {
        baselineWorkers.mode(WorkerSimulator.Mode.ANSWER);
        int n = options.e2eStems();
        List<Stem> stems = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Stem stem = new Stem("e2e-seed-" + run + "-" + i, "e2e-user-" + (i % 50), "e2e-seed-track-" + run + "-" + i);
            hashes.put(stem.stemId(), sha256("e2e seed audio " + stem.stemId()));
            stems.add(stem);
        }
        AtomicInteger next = new AtomicInteger();
        Duration sending = Duration.ofMillis((long) (n * 1000.0 / options.e2eRate()));
        Load.openLoop(options.e2eRate(), Duration.ZERO, sending, 32, () -> {
            int i = next.getAndIncrement();
            return i >= n ? 200 : http.post(baseline.url().resolve("/upload-complete"), stems.get(i).upload());
        });
        if (!waitFor(Duration.ofSeconds(60), () -> stems.stream()
                .allMatch(s -> baselineWorkers.firstSeen(WorkerSimulator.PROCESS_AUDIO_ANALYSIS, s.stemId()) != null))) {
            notes.add("Seed-style at load: not every analysis command arrived within 60 s.");
        }
        seedStemsWithoutAnalysis = stems.stream()
                .filter(s -> baselineWorkers.firstSeen(WorkerSimulator.PROCESS_AUDIO_ANALYSIS, s.stemId()) == null).count();
        return hashCheckLatencies(stems, baselineWorkers);
    }

    /** Polls the read model for final rows; {@code history} gets [rows, first nanos seen, last change nanos]. */
    private void pollFinals(String prefix, int n, Map<String, Long> finals, Map<String, String> status, long[] history) {
        try (Connection c = DriverManager.getConnection(stack.jdbcUrl(), stack.databaseUsername(), stack.databasePassword());
             PreparedStatement q = c.prepareStatement("SELECT stem_id, status FROM stem WHERE stem_id LIKE ?"
                     + " AND (stage = 'done' OR status = 'error')");
             PreparedStatement h = c.prepareStatement("SELECT count(*) FROM stem_history WHERE stem_id LIKE ?")) {
            q.setString(1, prefix + "%");
            h.setString(1, prefix + "%");
            while (!pollerDone && finals.size() < n) {
                try (ResultSet rs = h.executeQuery()) {
                    rs.next();
                    long rowsNow = rs.getLong(1);
                    long now = System.nanoTime();
                    if (rowsNow > 0 && history[1] == 0) {
                        history[1] = now;
                    }
                    if (rowsNow != history[0]) {
                        history[0] = rowsNow;
                        history[2] = now;
                    }
                }
                try (ResultSet rs = q.executeQuery()) {
                    long now = System.nanoTime();
                    while (rs.next()) {
                        if (finals.putIfAbsent(rs.getString(1), now) == null) {
                            status.put(rs.getString(1), rs.getString(2));
                        }
                    }
                }
                Thread.sleep(options.pollMillis());
            }
        } catch (SQLException e) {
            log.warn("Read-model poller stopped: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- 1: ingest -----------------------------------------------------------------------------

    private void ingest() {
        // The pipeline keeps forwarding stage-1 commands for every upload; drain them without answering.
        waveflowWorkers.mode(WorkerSimulator.Mode.OBSERVE);
        Duration warmup = options.ingestWarmup();
        Duration measure = options.ingestSeconds();
        int conc = options.ingestConcurrency();
        AtomicInteger seq = new AtomicInteger();
        Map<String, Object> ceilingBody = new Stem("ceiling", "u", "t").upload();
        Load.Result ceilingSat = Load.closedLoop(conc, warmup, measure,
                () -> http.post(baseline.url().resolve("/ceiling"), ceilingBody));
        Load.Result ceilingHalf = Load.openLoop(ceilingSat.achievedPerSecond() / 2, warmup, measure, 64,
                () -> http.post(baseline.url().resolve("/ceiling"), ceilingBody));
        String prefix = "ingest-" + run + "-";
        Load.Result bridgeSat = Load.closedLoop(conc, warmup, measure, () -> http.post(bridge.resolve("/upload-complete"),
                new Stem(prefix + seq.incrementAndGet(), "ingest-user", "ingest-track").upload()));
        Load.Result bridgeHalf = Load.openLoop(bridgeSat.achievedPerSecond() / 2, warmup, measure, 64,
                () -> http.post(bridge.resolve("/upload-complete"),
                        new Stem(prefix + seq.incrementAndGet(), "ingest-user", "ingest-track").upload()));
        String c = options.command();
        rows.add(ingestRow("HTTP ceiling: JDK HttpServer POST /ceiling (the baseline's stack), saturation", ceilingSat, c));
        rows.add(ingestRow("HTTP ceiling: same, open loop at half", ceilingHalf, c));
        rows.add(ingestRow("bridge POST /upload-complete (signed, acks=all), saturation", bridgeSat, c));
        rows.add(ingestRow("bridge POST /upload-complete, open loop at half of its saturation", bridgeHalf, c));
        rows.add(new Row("1", "bridge ingest / HTTP ceiling (JDK HttpServer), throughput at saturation",
                ratio(bridgeSat.achievedPerSecond(), ceilingSat.achievedPerSecond()), c));
        notes.add("Figure 1 runs last, on the whole stack: every accepted upload also goes through the topology and the"
                + " command forwarder to SQS while the next ones arrive, on the same two cores, so it is lower than the"
                + " bridge measured alone (bridge/BENCHMARK.md, quoted as the last row of figure 1).");
        rows.add(new Row("1", "bridge ingest / ceiling on the bridge's own stack (Tomcat + Spring MVC), quoted",
                "0.84 (2,111 vs 2,504 req/s, load 21-26; bridge/BENCHMARK.md)", "bridge/bench.sh"));
    }

    private static Row ingestRow(String what, Load.Result r, String command) {
        return new Row("1", what + (Double.isNaN(r.targetPerSecond()) ? "" : " (" + fmt(r.targetPerSecond()) + "/s)"),
                fmt(r.achievedPerSecond()) + " req/s, p50 " + ms(r.p50Millis()) + ", p99 " + ms(r.p99Millis())
                        + (r.errors() > 0 ? ", " + r.errors() + " errors" : ""), command);
    }

    // ---- report --------------------------------------------------------------------------------

    private String report(Instant started, String loadAtStart, String loadAfterStart, String loadAtEnd) {
        StringBuilder md = new StringBuilder();
        String n = "\n";
        md.append("# Waveflow benchmarks").append(n).append(n);
        md.append("Written by `").append(options.command()).append("` (module `bench`, entry point")
                .append(" `io.waveflow.bench.BenchSuite`). Every figure below comes from this one run.").append(n).append(n);
        md.append("| | |").append(n).append("|---|---|").append(n);
        md.append("| date | ").append(DateTimeFormatter.ISO_INSTANT.format(started.atOffset(ZoneOffset.UTC))).append(" |").append(n);
        md.append("| machine | ").append(Runtime.getRuntime().availableProcessors()).append(" cores (nproc), ")
                .append(Machine.memory()).append(" RAM, ").append(Machine.cpuModel()).append(" |").append(n);
        md.append("| java | ").append(Machine.java()).append(" |").append(n);
        md.append("| load average (1, 5, 15 min) | at start ").append(loadAtStart).append("; after the stack started ")
                .append(loadAfterStart).append("; at the end ").append(loadAtEnd).append(" |").append(n);
        md.append("| mode | ").append(options.quick() ? "--quick" : "full").append(", ").append(options.describe())
                .append(" |").append(n).append(n);
        if (Machine.busy(loadAtStart)) {
            md.append("**The machine was shared with other work when this run started** (the 1-minute load average")
                    .append(" was above the core count: processes waited for the cores), so absolute numbers are")
                    .append(" pessimistic and noisy; the ratios measured side by side in the same run are the figures")
                    .append(" to read.").append(n).append(n);
        } else {
            md.append("The machine was otherwise idle when this run started (1-minute load average below the core")
                    .append(" count); the load during the run is the stack's own, which shares the same cores with the")
                    .append(" load generator. The ratios measured side by side in the same run are the figures to read.")
                    .append(n).append(n);
        }
        md.append("| # | figure | value | command |").append(n).append("|---|---|---|---|").append(n);
        rows.stream().sorted(Comparator.comparing(Row::figure)).forEach(r -> md.append("| ").append(r.figure())
                .append(" | ").append(r.what()).append(" | ").append(r.value()).append(" | `").append(r.command())
                .append("` |").append(n));
        md.append(n).append("## Notes").append(n).append(n);
        notes.forEach(note -> md.append("- ").append(note).append(n));
        md.append(n);
        try {
            md.append(Files.readString(options.repoRoot().resolve("bench/METHOD.md")));
        } catch (IOException e) {
            // the method text is optional
        }
        return md.toString();
    }

    // ---- helpers -------------------------------------------------------------------------------

    private String hashOf(String stemId) {
        return hashes.computeIfAbsent(stemId, id -> sha256("audio " + id));
    }

    private static void forEachConcurrently(List<Stem> stems, int concurrency, java.util.function.Consumer<Stem> action)
            throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < concurrency; t++) {
            Thread thread = new Thread(() -> {
                for (int i = next.getAndIncrement(); i < stems.size(); i = next.getAndIncrement()) {
                    action.accept(stems.get(i));
                }
            });
            thread.start();
            threads.add(thread);
        }
        Load.joinAll(threads);
    }

    private static boolean waitFor(Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(50);
        }
        return condition.getAsBoolean();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String fmt(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%,.0f", v);
    }

    static String ms(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.1f ms", v);
    }

    static String ratio(double a, double b) {
        return Double.isNaN(a) || Double.isNaN(b) || b == 0 ? "n/a" : String.format(Locale.ROOT, "%.2f", a / b);
    }

    private static void deleteQuietly(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | RuntimeException e) {
            log.warn("Could not delete {}: {}", dir, e.toString());
        }
    }
}
