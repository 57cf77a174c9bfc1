package io.waveflow.bench;

import io.waveflow.bench.Report.Row;
import io.waveflow.contracts.Sha256;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static io.waveflow.bench.Report.fmt;
import static io.waveflow.bench.Report.ms;
import static io.waveflow.bench.Report.ratio;

/**
 * Figure 2 at saturation: hash-check webhooks for stems waiting on their hash, and how long until
 * the analysis command is visible on SQS, Waveflow against the seed-style baseline.
 */
final class HashCheckPhase extends Phase {

    HashCheckPhase(Setup setup) {
        super(setup);
    }

    @Override
    void measure() throws InterruptedException {
        HashCheckResult w = hashCheck("waveflow", bridge, waveflowWorkers);
        HashCheckResult s = hashCheck("seed", baseline.url(), baselineWorkers);
        String c = options.command();
        report.add(new Row("2", "hash-check webhooks accepted/s at saturation (" + options.concurrency()
                + " connections, " + options.hashStems() + " stems): Waveflow / seed-style", fmt(w.acceptedPerSecond)
                + " / " + fmt(s.acceptedPerSecond) + " (ratio " + ratio(w.acceptedPerSecond, s.acceptedPerSecond) + ")", c));
        report.add(new Row("2", "analysis commands visible on SQS per s: Waveflow / seed-style",
                fmt(w.visiblePerSecond) + " / " + fmt(s.visiblePerSecond) + " (ratio "
                        + ratio(w.visiblePerSecond, s.visiblePerSecond) + ")", c));
        report.add(new Row("2", "webhook accepted → message visible on SQS, p50 / p99: Waveflow",
                ms(w.acceptedToVisible.percentileMillis(50)) + " / " + ms(w.acceptedToVisible.percentileMillis(99)), c));
        report.add(new Row("2", "webhook accepted → message visible on SQS, p50 / p99: seed-style (sent before the answer, so ≈ 0)",
                ms(s.acceptedToVisible.percentileMillis(50)) + " / " + ms(s.acceptedToVisible.percentileMillis(99)), c));
        report.add(new Row("2", "webhook sent → message visible on SQS, p50 / p99: Waveflow / seed-style",
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
            report.note("Hash-check (" + system + "): not every hash task arrived within 180 s.");
        }
        Map<String, Long> sent = new ConcurrentHashMap<>();
        Map<String, Long> accepted = new ConcurrentHashMap<>();
        long begin = System.nanoTime();
        forEachConcurrently(stems, options.concurrency(), stem -> {
            sent.put(stem.stemId(), System.nanoTime());
            int status = http.post(target.resolve("/webhook/hash-check"), stem.hashCheck(Sha256.hex("hc " + stem.stemId())));
            if (status / 100 == 2) {
                accepted.put(stem.stemId(), System.nanoTime());
            }
        });
        long lastAccepted = accepted.values().stream().max(Long::compare).orElse(begin);
        if (!waitFor(Duration.ofSeconds(180), () -> stems.stream()
                .allMatch(s -> workers.firstSeen(WorkerSimulator.PROCESS_AUDIO_ANALYSIS, s.stemId()) != null))) {
            report.note("Hash-check (" + system + "): not every analysis command arrived within 180 s.");
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
            report.note("Hash-check (" + system + "): " + (n - accepted.size()) + " of " + n + " webhooks were not accepted.");
        }
        return result;
    }
}
