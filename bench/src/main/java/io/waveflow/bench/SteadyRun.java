package io.waveflow.bench;

import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stems offered to one design at a fixed rate in an open loop, followed to their final state: the
 * one measurement behind the capacity search ({@link CapacityPhase}) and the latency and CPU rows
 * ({@link LatencyPhase}). Uploads are sent on a fixed schedule and timed from their scheduled send
 * (a stalled server is not hidden by a waiting client); a poller asks the design's final-state table
 * for the stems still pending only, by primary key, so its cost stays flat however many are final.
 * After the last upload the run waits until every stem is final or the drain time is up, so the next
 * run meets an empty pipeline.
 */
final class SteadyRun {

    private static final Logger log = LoggerFactory.getLogger(SteadyRun.class);
    /** Uploads in flight at most; beyond it the generator waits (and the wait counts in the latency). */
    private static final int MAX_IN_FLIGHT = 512;
    /** Pending stems asked for per poll at most, oldest first. */
    private static final int MAX_PENDING_PER_QUERY = 4096;
    static final String POLLER_THREAD = "final-poller";

    /**
     * @param warmup    stems sent before the measured window, at the same rate, not counted in its figures
     * @param lateLimit when not null, the run stops offering as soon as more than 1 % of its planned
     *                  stems are older than this and not final (its p99 can no longer be within it)
     */
    record Settings(double rate, Duration warmup, Duration window, Duration drain, double duplicateShare,
                    Duration lateLimit, boolean sampleCpu) {
    }

    /**
     * What one run found. Latencies are of the stems uploaded in the measured window; {@code windowFinals}
     * counts the stems (of any age) that became final inside it, the denominator of the CPU figures.
     */
    record Outcome(Design design, Settings settings, int planned, int sent, int windowStems, int windowFinal,
                   Map<String, Long> byStatus, int duplicates, Latencies uploadToFinal, Latencies acceptedToVisible,
                   Latencies sentToVisible, long windowFinals, double windowSeconds, ProcessCpu.Sample cpuStart,
                   ProcessCpu.Sample cpuEnd, boolean stoppedLate, int notFinal, int uploadErrors, String loadAverage,
                   double drainSeconds) {

        double finalPerSecond() {
            return windowFinals / windowSeconds;
        }

        /** Every stem final and upload → final p99 within the limit. */
        boolean sustained(Duration limit) {
            return !stoppedLate && notFinal == 0 && uploadErrors == 0 && windowFinal > 0
                    && uploadToFinal.percentileMillis(99) <= limit.toMillis();
        }
    }

    private final SignedHttp http;
    private final Map<String, String> hashes;
    private final String jdbcUrl;
    private final String dbUser;
    private final String dbPassword;
    private final long pollMillis;
    private final ProcessCpu cpu;

    SteadyRun(SignedHttp http, Map<String, String> hashes, String jdbcUrl, String dbUser, String dbPassword,
              long pollMillis, ProcessCpu cpu) {
        this.http = http;
        this.hashes = hashes;
        this.jdbcUrl = jdbcUrl;
        this.dbUser = dbUser;
        this.dbPassword = dbPassword;
        this.pollMillis = pollMillis;
        this.cpu = cpu;
    }

    Outcome run(Design design, String prefix, Settings s) throws InterruptedException {
        design.workers().mode(WorkerSimulator.Mode.ANSWER);
        int planned = (int) Math.round(s.rate() * (s.warmup().toMillis() + s.window().toMillis()) / 1000.0);
        Stem.Batch batch = Stem.batch(prefix, planned, s.duplicateShare(), hashes);
        Stem[] stems = batch.stems().toArray(new Stem[0]);
        int duplicates = batch.duplicates();
        long[] uploadAt = new long[planned];
        long[] finalAt = new long[planned];
        String[] status = new String[planned];
        AtomicInteger sent = new AtomicInteger();
        AtomicInteger finals = new AtomicInteger();
        AtomicInteger uploadErrors = new AtomicInteger();
        AtomicBoolean late = new AtomicBoolean();
        AtomicBoolean stop = new AtomicBoolean();
        Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);

        long start = System.nanoTime() + 20_000_000;
        long windowStart = start + s.warmup().toNanos();
        long windowEnd = windowStart + s.window().toNanos();
        ProcessCpu.Sample[] samples = new ProcessCpu.Sample[2];
        Thread sampler = new Thread(() -> {
            parkUntil(windowStart);
            samples[0] = cpu.sample();
            parkUntil(windowEnd);
            samples[1] = cpu.sample();
        }, "cpu-sampler");
        if (s.sampleCpu() && cpu != null) {
            sampler.start();
        }
        Thread poller = new Thread(() -> poll(design, stems, uploadAt, finalAt, status, sent, finals, s.lateLimit(),
                planned, late, stop), POLLER_THREAD);
        poller.start();

        long interval = (long) (1e9 / s.rate());
        for (int i = 0; i < planned; i++) {
            long scheduled = start + i * interval;
            parkUntil(scheduled);
            if (late.get()) {
                break;
            }
            inFlight.acquireUninterruptibly();
            uploadAt[i] = scheduled;
            sent.set(i + 1); // publishes uploadAt[i] to the poller
            http.postAsync(design.uploads(), stems[i].upload()).whenComplete((code, error) -> {
                inFlight.release();
                if (code == null || code / 100 != 2) {
                    uploadErrors.incrementAndGet();
                }
            });
        }
        String loadAverage = Machine.loadAverage();
        long sendingDone = System.nanoTime();
        long drainUntil = sendingDone + s.drain().toNanos();
        while (finals.get() + uploadErrors.get() < sent.get() && System.nanoTime() < drainUntil) {
            Thread.sleep(pollMillis);
        }
        inFlight.acquireUninterruptibly(MAX_IN_FLIGHT); // every upload answered
        double drainSeconds = (System.nanoTime() - sendingDone) / 1e9;
        stop.set(true);
        poller.join();
        if (s.sampleCpu() && cpu != null) {
            sampler.join();
        }

        int n = sent.get();
        Latencies uploadToFinal = new Latencies();
        Latencies acceptedToVisible = new Latencies();
        Latencies sentToVisible = new Latencies();
        Map<String, Long> byStatus = new LinkedHashMap<>();
        int windowStems = 0;
        int windowFinal = 0;
        long windowFinals = 0;
        int notFinal = 0;
        for (int i = 0; i < n; i++) {
            if (finalAt[i] == 0) {
                notFinal++;
            } else if (finalAt[i] >= windowStart && finalAt[i] < windowEnd) {
                windowFinals++;
            }
            if (uploadAt[i] < windowStart || uploadAt[i] >= windowEnd) {
                continue;
            }
            windowStems++;
            if (finalAt[i] != 0) {
                windowFinal++;
                uploadToFinal.record(finalAt[i] - uploadAt[i]);
                byStatus.merge(status[i], 1L, Long::sum);
            }
            String id = stems[i].stemId();
            long[] check = design.workers().hashCheck(id);
            Long visible = design.workers().firstSeen(WorkerSimulator.PROCESS_AUDIO_ANALYSIS, id);
            if (visible == null) {
                visible = design.workers().firstSeen(WorkerSimulator.PROCESS_DUPLICATE_FILE, id);
            }
            if (check != null && visible != null) {
                acceptedToVisible.record(Math.max(0, visible - check[1]));
                sentToVisible.record(visible - check[0]);
            }
        }
        double windowSeconds = (Math.min(windowEnd, Math.max(windowStart + 1, sendingDone)) - windowStart) / 1e9;
        design.workers().forget(prefix);
        hashes.keySet().removeIf(id -> id.startsWith(prefix));
        Outcome outcome = new Outcome(design, s, planned, n, windowStems, windowFinal, byStatus, duplicates,
                uploadToFinal, acceptedToVisible, sentToVisible, windowFinals, windowSeconds, samples[0], samples[1],
                late.get(), notFinal, uploadErrors.get(), loadAverage, drainSeconds);
        log.info("{} at {}/s: {} sent, {} not final, p50 {} ms, p99 {} ms{}", design.label(), s.rate(), n, notFinal,
                Math.round(uploadToFinal.percentileMillis(50)), Math.round(uploadToFinal.percentileMillis(99)),
                late.get() ? ", stopped: more than 1% late" : "");
        return outcome;
    }

    /**
     * Asks for the sent stems not yet final, oldest first, every poll interval; notes when each was
     * first seen final. With a late limit, sets {@code late} once more than 1 % of the planned stems
     * are older than it and still not final.
     */
    private void poll(Design design, Stem[] stems, long[] uploadAt, long[] finalAt, String[] status, AtomicInteger sent,
                      AtomicInteger finals, Duration lateLimit, int planned, AtomicBoolean late, AtomicBoolean stop) {
        int lowestPending = 0;
        long lateBudget = planned / 100;
        try (Connection c = DriverManager.getConnection(jdbcUrl, dbUser, dbPassword);
             PreparedStatement q = c.prepareStatement(design.finalQuery())) {
            while (!stop.get()) {
                long now = System.nanoTime();
                int n = sent.get();
                while (lowestPending < n && finalAt[lowestPending] != 0) {
                    lowestPending++;
                }
                List<String> pending = new ArrayList<>();
                long lateCount = 0;
                for (int i = lowestPending; i < n; i++) {
                    if (finalAt[i] == 0) {
                        if (pending.size() < MAX_PENDING_PER_QUERY) {
                            pending.add(stems[i].stemId());
                        }
                        if (lateLimit != null && now - uploadAt[i] > lateLimit.toNanos()) {
                            lateCount++;
                        }
                    }
                }
                if (lateLimit != null && lateCount > lateBudget) {
                    late.set(true);
                }
                if (!pending.isEmpty()) {
                    Array ids = c.createArrayOf("text", pending.toArray());
                    q.setArray(1, ids);
                    try (ResultSet rs = q.executeQuery()) {
                        long seen = System.nanoTime();
                        while (rs.next()) {
                            String id = rs.getString(1);
                            int i = Integer.parseInt(id.substring(id.lastIndexOf('-') + 1));
                            if (finalAt[i] == 0) {
                                finalAt[i] = seen;
                                status[i] = rs.getString(2);
                                finals.incrementAndGet();
                            }
                        }
                    }
                    ids.free();
                }
                Thread.sleep(pollMillis);
            }
        } catch (SQLException e) {
            log.warn("Final-state poller stopped: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void parkUntil(long nanos) {
        for (long wait = nanos - System.nanoTime(); wait > 0; wait = nanos - System.nanoTime()) {
            LockSupport.parkNanos(wait);
        }
    }
}
