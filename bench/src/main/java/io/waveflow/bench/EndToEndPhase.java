package io.waveflow.bench;

import io.waveflow.bench.Report.Row;
import io.waveflow.contracts.Sha256;
import io.waveflow.contracts.topic.Topics;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static io.waveflow.bench.Report.fmt;
import static io.waveflow.bench.Report.ms;

/**
 * Figures 3, 4 and 7, and figure 2 at figure 3's load: stems offered at a fixed rate through the
 * whole pipeline with a share of duplicates, until their rows in the read model are final.
 */
final class EndToEndPhase extends Phase {

    EndToEndPhase(Setup setup) {
        super(setup);
    }

    @Override
    void measure() throws Exception {
        waveflowWorkers.mode(WorkerSimulator.Mode.ANSWER);
        warmUpEndToEnd();
        int n = options.e2eStems();
        String prefix = "e2e-" + run + "-";
        Stem.Batch batch = Stem.batch(prefix, n, options.duplicateShare(), hashes);
        List<Stem> stems = batch.stems();
        int duplicates = batch.duplicates();
        Map<String, Long> uploaded = new ConcurrentHashMap<>();
        Map<String, Long> finals = new ConcurrentHashMap<>();
        Map<String, String> finalStatus = new ConcurrentHashMap<>();
        long seenBefore = waveflowWorkers.seenCount();
        CommandWatcher watcher = new CommandWatcher(stack.kafkaBootstrapServers(), Topics.COMMANDS.name(), prefix);
        AtomicInteger next = new AtomicInteger();
        long[] history = new long[3];
        Thread poller = new Thread(() -> pollFinals(prefix, stems, finals, finalStatus, history),
                "read-model-poller");
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
        report.add(new Row("3", String.format(Locale.ROOT, "end to end: %d stems offered at %.0f/s (%d duplicates, %.0f%%),"
                        + " final in read model", n, options.e2eRate(), duplicates, 100.0 * duplicates / n),
                finals.size() + " final " + byStatus + " in " + String.format(Locale.ROOT, "%.1f s", seconds)
                        + " = " + fmt(finals.size() / seconds) + " stems/s", c));
        report.add(new Row("3", "upload → final row in the read model (stage done or error), p50 / p99",
                ms(latency.percentileMillis(50)) + " / " + ms(latency.percentileMillis(99)), c));
        if (uploads.errors() > 0) {
            report.note("End to end: " + uploads.errors() + " uploads were not accepted.");
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
        report.add(new Row("2", "at figure 3's offered load (" + fmt(options.e2eRate()) + " stems/s), Waveflow: hash-check"
                + " accepted → analysis visible on SQS, p50 / p99; sent → visible, p50 / p99 (both designs at fixed rates:"
                + " the LatencyPhase rows)", ms(waveflowAtLoad[0].percentileMillis(50)) + " / "
                + ms(waveflowAtLoad[0].percentileMillis(99)) + ";  " + ms(waveflowAtLoad[1].percentileMillis(50)) + " / "
                + ms(waveflowAtLoad[1].percentileMillis(99)), c));
        if (options.profile().lostShare() > 0) {
            // Figure 7's other side: the seed at the same load loses the stems whose tasks were dropped.
            baselineAtLoad();
        }
        report.add(new Row("2", "same load, Waveflow split (" + topologyPart.count() + " stems): hash-check accepted → command"
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
            report.add(new Row("7", String.format(Locale.ROOT, "lost tasks (the simulator never answers %.0f%% of tasks):"
                            + " stems left without a final outcome, Waveflow (deadlines re-command)  vs  seed-style,"
                            + " at least (stems whose analysis task never reached SQS; the seed has no deadline)",
                            100 * options.profile().lostShare()),
                    (n - finals.size()) + " of " + n + " (" + (commands.records() - 2L * n) + " re-commands)  vs  "
                            + seedStemsWithoutAnalysis + " of " + n, c));
        }
        long topologyOut = workflow.records() + commands.records();
        long first = Math.min(workflow.firstMillis(), commands.firstMillis());
        long last = Math.max(workflow.lastMillis(), commands.lastMillis());
        report.add(new Row("4", "topology: inbound events in / workflow + command events out (this run's stems), by record time",
                inbound.records() + " in at " + fmt(inbound.perSecond()) + "/s; " + topologyOut + " out at "
                        + fmt(topologyOut * 1000.0 / Math.max(1, last - first)) + "/s", c));
        long forwarded = waveflowWorkers.seenCount() - seenBefore;
        List<WorkerSimulator.Seen> e2eSeen = waveflowWorkers.seen().stream()
                .filter(s -> s.stemId().startsWith(prefix)).toList();
        long firstSeen = e2eSeen.stream().mapToLong(WorkerSimulator.Seen::nanos).min().orElse(0);
        long lastSeen = e2eSeen.stream().mapToLong(WorkerSimulator.Seen::nanos).max().orElse(0);
        report.add(new Row("4", "SQS forwarding: Celery messages received by the worker simulator",
                e2eSeen.size() + " (" + commands.records() + " commands on Kafka) at "
                        + fmt(e2eSeen.size() / Math.max(1e-9, (lastSeen - firstSeen) / 1e9)) + "/s", c));
        report.add(new Row("4", "projections: history rows (one per inbound or workflow event applied) in PostgreSQL",
                history[0] + " at " + fmt(history[0] / Math.max(1e-9, (history[2] - history[1]) / 1e9))
                        + "/s (first to last row seen by the poller)", c));
        report.note("Figures 4 are the rates each stage reached while carrying figure 3's offered load (" + fmt(options.e2eRate())
                + " stems/s), not their capacities; the capacities measured by the module benchmarks are quoted as rows"
                + " \"4 (quoted)\". " + forwarded + " Celery messages arrived in this window in total.");
        report.add(new Row("4 (quoted)", "topology capacity alone: EOS v2, 4 partitions, 1 stream thread (workflow-streams/BENCHMARK.md)",
                "2,844 events/s on an idle machine (1,330 with load average 12-18)",
                "mvn -q -f workflow-streams/pom.xml exec:java -Dexec.classpathScope=test"
                        + " -Dexec.mainClass=io.waveflow.workflow.bench.TopologyBenchmark"));
        report.add(new Row("4 (quoted)", "projection capacity alone into PostgreSQL (projections/BENCHMARK.md)",
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
            hashes.put(stem.stemId(), Sha256.hex("e2e warm-up audio " + stem.stemId()));
            stems.add(stem);
        }
        AtomicInteger next = new AtomicInteger();
        long begin = System.nanoTime();
        Load.openLoop(options.e2eRate(), Duration.ZERO, options.e2eWarmup(), 32, () -> {
            int i = next.getAndIncrement();
            return i >= n ? 200 : http.post(bridge.resolve("/upload-complete"), stems.get(i).upload());
        });
        Map<String, Long> finals = new ConcurrentHashMap<>();
        Thread poller = new Thread(() -> pollFinals(prefix, stems, finals, new ConcurrentHashMap<>(), new long[3]),
                "warm-up-poller");
        pollerDone = false;
        poller.start();
        poller.join(Duration.ofSeconds(120).toMillis());
        pollerDone = true;
        poller.join();
        pollerDone = false;
        report.note(String.format(Locale.ROOT, "End to end: %d warm-up stems went through at the same rate first and are"
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

    /** The same upload stream through the seed-style baseline and the same worker simulator (figure 7). */
    private void baselineAtLoad() throws InterruptedException {
        baselineWorkers.mode(WorkerSimulator.Mode.ANSWER);
        int n = options.e2eStems();
        List<Stem> stems = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Stem stem = new Stem("e2e-seed-" + run + "-" + i, "e2e-user-" + (i % 50), "e2e-seed-track-" + run + "-" + i);
            hashes.put(stem.stemId(), Sha256.hex("e2e seed audio " + stem.stemId()));
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
            report.note("Seed-style at load: not every analysis command arrived within 60 s.");
        }
        seedStemsWithoutAnalysis = stems.stream()
                .filter(s -> baselineWorkers.firstSeen(WorkerSimulator.PROCESS_AUDIO_ANALYSIS, s.stemId()) == null).count();
    }

    /**
     * Polls the read model for final rows, asking only for the stems not yet seen final (by primary
     * key, as {@link SteadyRun} does, so the poll's cost does not grow with the stems already final);
     * {@code history} gets [rows, first nanos seen, last change nanos].
     */
    private void pollFinals(String prefix, List<Stem> stems, Map<String, Long> finals, Map<String, String> status,
                            long[] history) {
        int n = stems.size();
        try (Connection c = DriverManager.getConnection(stack.jdbcUrl(), stack.databaseUsername(), stack.databasePassword());
             PreparedStatement q = c.prepareStatement(Design.waveflow(bridge, waveflowWorkers).finalQuery());
             PreparedStatement h = c.prepareStatement("SELECT count(*) FROM stem_history WHERE stem_id LIKE ?")) {
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
                java.sql.Array pending = c.createArrayOf("text", stems.stream().map(Stem::stemId)
                        .filter(id -> !finals.containsKey(id)).limit(4096).toArray());
                q.setArray(1, pending);
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
}
