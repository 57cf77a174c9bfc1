package io.waveflow.bench;

import io.waveflow.bench.Report.Row;
import io.waveflow.contracts.Sha256;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Figure 6: pairs of concurrent uploads of the same audio, and how many got analysed twice,
 * Waveflow against the seed-style baseline.
 */
final class RacePhase extends Phase {

    RacePhase(Setup setup) {
        super(setup);
    }

    @Override
    void measure() throws InterruptedException {
        int waveflowDoubles = racePairs("waveflow", bridge, waveflowWorkers);
        int baselineDoubles = racePairs("seed", baseline.url(), baselineWorkers);
        int n = options.racePairs();
        report.add(new Row("6", "race: pairs of concurrent same-audio uploads with two analysis commands, Waveflow",
                waveflowDoubles + " of " + n, options.command()));
        report.add(new Row("6", "race: same, seed-style baseline (check stem_file, insert at completion)",
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
            String hash = Sha256.hex("race audio " + system + run + i);
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
            report.note("Race (" + system + "): not every stem had its second command within 120 s.");
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
}
