package io.waveflow.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.waveflow.bench.ChaosVerifier.Final;
import io.waveflow.bench.ChaosVerifier.Verdict;
import io.waveflow.contracts.Sha256;
import io.waveflow.infra.FreePorts;
import io.waveflow.local.LocalStack;
import io.waveflow.local.LocalStackSettings;
import io.waveflow.local.Service;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The chaos suite: one {@link LocalStack} on free ports, the bench's {@link WorkerSimulator} as
 * the Celery fleet (retrying its webhooks while the bridge is away, as a real HTTP client would),
 * and one round of stems per {@link Fault}: stems are offered at a fixed rate, uploads retried
 * until the bridge accepts them, the fault injected halfway, and the round judged by
 * {@link ChaosVerifier} once every stem is final or the settle timeout passed. Prints one line per
 * fault and {@code ALL-STEMS-SETTLED} when every round holds; writes a Markdown report.
 */
public final class ChaosSuite {

    private static final Logger log = LoggerFactory.getLogger(ChaosSuite.class);
    private static final double DUPLICATE_SHARE = 0.10;

    /**
     * @param stemsPerFault stems offered per round
     * @param rate          stems offered per second
     * @param outage        how long a paused or stopped server stays away
     * @param settleTimeout how long after the fault's end a round waits for its stems to be final
     */
    record Options(List<Fault> faults, int stemsPerFault, double rate, Duration outage, Duration settleTimeout,
                   Path repoRoot, Path output, String command) {

        static Options parse(String[] args) {
            List<Fault> faults = List.of(Fault.values());
            int stems = 300;
            double rate = 30;
            Duration outage = Duration.ofSeconds(30);
            Duration settle = Duration.ofSeconds(180);
            Path output = Path.of("CHAOS.md");
            for (String arg : args) {
                String[] kv = arg.split("=", 2);
                if (kv.length != 2) {
                    throw new IllegalArgumentException("expected --name=value, got '" + arg + "'");
                }
                switch (kv[0]) {
                    case "--faults" -> faults = kv[1].equals("all") ? List.of(Fault.values())
                            : kv[1].equals("kills") ? Fault.KILLS
                            : Arrays.stream(kv[1].split(",")).map(Fault::ofSlug).toList();
                    case "--stems" -> stems = Integer.parseInt(kv[1]);
                    case "--rate" -> rate = Double.parseDouble(kv[1]);
                    case "--outage-seconds" -> outage = Duration.ofSeconds(Long.parseLong(kv[1]));
                    case "--settle-seconds" -> settle = Duration.ofSeconds(Long.parseLong(kv[1]));
                    case "--output" -> output = Path.of(kv[1]);
                    default -> throw new IllegalArgumentException("unknown option " + kv[0]);
                }
            }
            if (stems < 2 || rate <= 0) {
                throw new IllegalArgumentException("--stems must be at least 2 and --rate positive");
            }
            Path repoRoot = Path.of(System.getProperty("waveflow.repoRoot", "."));
            return new Options(faults, stems, rate, outage, settle, repoRoot, output,
                    "bench/run.sh --chaos " + String.join(" ", args));
        }
    }

    private final Options options;
    private final String run = UUID.randomUUID().toString().substring(0, 6);
    private final Map<String, String> hashes = new ConcurrentHashMap<>();

    ChaosSuite(Options options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        Instant started = Instant.now();
        String loadAtStart = Machine.loadAverage();
        List<Verdict> verdicts = new ChaosSuite(options).runAll();
        boolean settled = verdicts.stream().allMatch(Verdict::holds);
        verdicts.forEach(v -> System.out.println(v.line()));
        System.out.println(settled ? ChaosVerifier.ALL_SETTLED : "NOT-ALL-STEMS-SETTLED");
        Files.writeString(options.output(), report(options, verdicts, started, loadAtStart));
        log.info("Wrote {} in {} s", options.output(), Duration.between(started, Instant.now()).toSeconds());
        // The HTTP client's and SDK's pools keep non-daemon threads; the suite is done.
        System.exit(settled ? 0 : 1);
    }

    /** Starts the stack, runs every round on it, stops it; one verdict per fault, in order. */
    List<Verdict> runAll() throws Exception {
        Path dataDir = Files.createTempDirectory("waveflow-chaos");
        LocalStackSettings settings = new LocalStackSettings(FreePorts.pick(), FreePorts.pick(), FreePorts.pick(),
                FreePorts.pick(), FreePorts.pick(), FreePorts.pick(), dataDir, options.repoRoot(), Duration.ofSeconds(300));
        LocalStack stack = new LocalStack(settings, line -> { });
        List<Verdict> verdicts = new ArrayList<>();
        try {
            stack.start();
            SignedHttp http = new SignedHttp(stack.webhookSecret());
            try (SqsClient sqs = Sqs.client(stack.sqsEndpoint(), stack.region());
                 WorkerSimulator workers = new WorkerSimulator(sqs, stack.queueUrl(), 4, http,
                         stack.serviceUrl(Service.BRIDGE), this::hashOf, new WorkerSimulator.Profile(
                         Duration.ofMillis(50), Duration.ofMillis(200), Duration.ofMillis(50), 0, 0))) {
                workers.retryWebhooksFor(options.settleTimeout().plus(options.outage()));
                for (Fault fault : options.faults()) {
                    Verdict verdict = round(stack, http, workers, fault);
                    log.info(verdict.line());
                    verdicts.add(verdict);
                }
            }
        } finally {
            stack.stop();
            deleteQuietly(dataDir);
        }
        return verdicts;
    }

    private Verdict round(LocalStack stack, SignedHttp http, WorkerSimulator workers, Fault fault) throws Exception {
        String prefix = "chaos-" + run + "-" + fault.slug() + "-";
        List<Stem> stems = stems(prefix);
        Map<Service, Integer> restartsBefore = restarts(stack);
        URI upload = stack.serviceUrl(Service.BRIDGE).resolve("/upload-complete");
        Set<String> accepted = ConcurrentHashMap.newKeySet();
        long roundStart = System.nanoTime();
        long uploadDeadline = roundStart + options.outage().plus(options.settleTimeout()).toNanos();
        AtomicInteger next = new AtomicInteger();
        Duration sending = Duration.ofMillis((long) (stems.size() * 1000.0 / options.rate()));
        // Uploads retry like an application would until the bridge takes them (it is killed or
        // cannot reach Kafka for a while); an upload answered 2xx is one the pipeline owes a result.
        Thread uploader = new Thread(() -> Load.openLoop(options.rate(), Duration.ZERO, sending, 32, () -> {
            int i = next.getAndIncrement();
            if (i >= stems.size()) {
                return 200;
            }
            Stem stem = stems.get(i);
            int status;
            do {
                status = http.post(upload, stem.upload());
            } while ((status == -1 || status / 100 == 5) && System.nanoTime() < uploadDeadline && pause(500));
            if (status / 100 == 2) {
                accepted.add(stem.stemId());
            }
            return status;
        }), "chaos-uploader");
        uploader.start();
        Thread.sleep(sending.toMillis() / 2);
        log.info("Injecting {} after {} of {} stems", fault.description(options.outage()), next.get(), stems.size());
        long faultEnd = fault.inject(stack, options.outage());
        uploader.join();
        Map<String, Final> finals = awaitFinals(stack, prefix, accepted, faultEnd + options.settleTimeout().toNanos());
        List<WorkerSimulator.Seen> seen = workers.seen().stream().filter(s -> s.stemId().startsWith(prefix)).toList();
        return ChaosVerifier.verdict(fault, fault.description(options.outage()), stems.size(), accepted, finals, seen,
                faultEnd, restartsSince(stack, restartsBefore));
    }

    /** Stems with exactly the configured share of duplicates: a copy of a random earlier stem's audio. */
    private List<Stem> stems(String prefix) {
        Random random = new Random(42);
        List<Stem> stems = new ArrayList<>();
        List<Stem> originals = new ArrayList<>();
        for (int i = 0; i < options.stemsPerFault(); i++) {
            boolean duplicate = Math.floor((i + 1) * DUPLICATE_SHARE) > Math.floor(i * DUPLICATE_SHARE);
            if (duplicate && !originals.isEmpty()) {
                Stem original = originals.get(random.nextInt(originals.size()));
                Stem copy = new Stem(prefix + i, original.userId(), original.trackId());
                hashes.put(copy.stemId(), hashes.get(original.stemId()));
                stems.add(copy);
            } else {
                Stem stem = new Stem(prefix + i, "chaos-user-" + (i % 20), "chaos-track-" + run + "-" + i);
                hashes.put(stem.stemId(), Sha256.hex("chaos audio " + stem.stemId()));
                stems.add(stem);
                originals.add(stem);
            }
        }
        return stems;
    }

    /**
     * Polls the read model until every accepted stem's row is final or the deadline passes. Each
     * poll opens its own connection with short timeouts: PostgreSQL may be paused or restarting.
     */
    private static Map<String, Final> awaitFinals(LocalStack stack, String prefix, Set<String> accepted, long deadline)
            throws InterruptedException {
        Map<String, Final> finals = new ConcurrentHashMap<>();
        Properties credentials = new Properties();
        credentials.setProperty("user", stack.databaseUsername());
        credentials.setProperty("password", stack.databasePassword());
        credentials.setProperty("connectTimeout", "5");
        credentials.setProperty("socketTimeout", "10");
        while (System.nanoTime() < deadline && !finals.keySet().containsAll(accepted)) {
            try (Connection c = DriverManager.getConnection(stack.jdbcUrl(), credentials);
                 PreparedStatement q = c.prepareStatement("SELECT stem_id, status FROM stem WHERE stem_id LIKE ?"
                         + " AND (stage = 'done' OR status = 'error')")) {
                q.setString(1, prefix + "%");
                try (ResultSet rs = q.executeQuery()) {
                    long now = System.nanoTime();
                    while (rs.next()) {
                        finals.putIfAbsent(rs.getString(1), new Final(rs.getString(2), now));
                    }
                }
            } catch (SQLException e) {
                log.debug("Read model not readable yet: {}", e.toString());
            }
            Thread.sleep(250);
        }
        return finals;
    }

    private static Map<Service, Integer> restarts(LocalStack stack) {
        Map<Service, Integer> restarts = new java.util.EnumMap<>(Service.class);
        for (Service service : Service.values()) {
            restarts.put(service, stack.restarts(service));
        }
        return restarts;
    }

    private static String restartsSince(LocalStack stack, Map<Service, Integer> before) {
        List<String> restarted = new ArrayList<>();
        for (Service service : Service.values()) {
            int n = stack.restarts(service) - before.get(service);
            if (n > 0) {
                restarted.add(service.module() + " " + n);
            }
        }
        return restarted.isEmpty() ? "none" : String.join(", ", restarted);
    }

    private String hashOf(String stemId) {
        return hashes.computeIfAbsent(stemId, id -> Sha256.hex("audio " + id));
    }

    private static boolean pause(long millis) {
        try {
            Thread.sleep(millis);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    static String report(Options options, List<Verdict> verdicts, Instant started, String loadAtStart) {
        StringBuilder md = new StringBuilder();
        String n = "\n";
        md.append("# Waveflow chaos suite").append(n).append(n)
                .append("Generated by `").append(options.command()).append("` (").append(ChaosSuite.class.getSimpleName())
                .append(") on ").append(started).append(", load average at start ").append(loadAtStart)
                .append(", ").append(Duration.between(started, Instant.now()).toSeconds()).append(" s in all.").append(n).append(n)
                .append(String.format(Locale.ROOT, "Per fault: %d stems offered at %.0f/s (%.0f%% duplicates of earlier stems),"
                                + " the fault injected halfway through sending, uploads and webhooks retried until the bridge"
                                + " accepts them; then every stem must be final in the read model within %d s of the fault's end."
                                + " A fault holds when all offered stems were accepted, none is lost or failed, none was sent to"
                                + " analysis twice (under two task ids, i.e. commanded twice), and the last one was final within"
                                + " %.0f s of the fault's end (recovery). Duplicate task ids counts tasks delivered more than once"
                                + " with the same id: SQS standard queues deliver at least once (a batch resent after an outage,"
                                + " a delete that never reached the server), so a Celery worker can see a task id twice; the"
                                + " workflow ignores the second webhook, and a FIFO queue (deduplicated by task id) avoids it.",
                        options.stemsPerFault(), options.rate(), DUPLICATE_SHARE * 100, options.settleTimeout().toSeconds(),
                        ChaosVerifier.MAX_RECOVERY_SECONDS)).append(n).append(n)
                .append("| fault | sent | final | lost | failed | analysed twice | duplicate task ids | recovery | restarts | verdict |")
                .append(n).append("|---|---|---|---|---|---|---|---|---|---|").append(n);
        for (Verdict v : verdicts) {
            md.append(String.format(Locale.ROOT, "| %s | %d of %d | %d | %d | %d | %d | %d | %s | %s | %s |",
                    v.description(), v.accepted(), v.offered(), v.finals(), v.lost(), v.failed(), v.analysedTwice(),
                    v.duplicateTaskIds(), Double.isNaN(v.recoverySeconds()) ? "never" : String.format(Locale.ROOT, "%.1f s", v.recoverySeconds()),
                    v.restarts(), v.holds() ? "holds" : "FAILS")).append(n);
        }
        md.append(n).append("```").append(n);
        verdicts.forEach(v -> md.append(v.line()).append(n));
        md.append(verdicts.stream().allMatch(Verdict::holds) ? ChaosVerifier.ALL_SETTLED : "NOT-ALL-STEMS-SETTLED").append(n)
                .append("```").append(n);
        return md.toString();
    }

    private static void deleteQuietly(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | RuntimeException e) {
            log.warn("Could not delete {}: {}", dir, e.toString());
        }
    }
}
