package io.waveflow.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntSupplier;

/**
 * The two load shapes of the suite. A closed loop (each connection sends its next request when the
 * last one is answered) finds the saturated rate; an open loop sends on a fixed schedule and counts
 * latency from the scheduled send time, so a stall is not hidden by the client waiting.
 */
final class Load {

    /** One measured run; {@code request} answers an HTTP status (2xx counts as success). */
    record Result(String shape, double targetPerSecond, double achievedPerSecond, double p50Millis,
                  double p99Millis, long ok, long errors) {
    }

    private Load() {
    }

    static Result closedLoop(int concurrency, Duration warmup, Duration measure, IntSupplier request) {
        long start = System.nanoTime();
        long measureFrom = start + warmup.toNanos();
        long end = measureFrom + measure.toNanos();
        Latencies latencies = new Latencies();
        AtomicLong ok = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < concurrency; i++) {
            Thread t = new Thread(() -> {
                while (true) {
                    long sent = System.nanoTime();
                    if (sent >= end) {
                        return;
                    }
                    int status = request.getAsInt();
                    long done = System.nanoTime();
                    if (sent >= measureFrom && done <= end) {
                        if (status / 100 == 2) {
                            ok.incrementAndGet();
                            latencies.record(done - sent);
                        } else {
                            errors.incrementAndGet();
                        }
                    }
                }
            }, "closed-loop-" + i);
            t.start();
            threads.add(t);
        }
        joinAll(threads);
        double seconds = measure.toNanos() / 1e9;
        return new Result("saturation (" + concurrency + " connections)", Double.NaN, ok.get() / seconds,
                latencies.percentileMillis(50), latencies.percentileMillis(99), ok.get(), errors.get());
    }

    static Result openLoop(double perSecond, Duration warmup, Duration measure, int maxInFlight, IntSupplier request) {
        ExecutorService senders = Executors.newFixedThreadPool(maxInFlight);
        Latencies latencies = new Latencies();
        AtomicLong ok = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        long start = System.nanoTime();
        long measureFrom = start + warmup.toNanos();
        long end = measureFrom + measure.toNanos();
        long interval = (long) (1e9 / perSecond);
        long measuredSent = 0;
        for (long i = 0; ; i++) {
            long scheduled = start + i * interval;
            if (scheduled >= end) {
                break;
            }
            long wait = scheduled - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            boolean measured = scheduled >= measureFrom;
            if (measured) {
                measuredSent++;
            }
            senders.execute(() -> {
                int status = request.getAsInt();
                if (measured) {
                    if (status / 100 == 2) {
                        ok.incrementAndGet();
                        latencies.record(System.nanoTime() - scheduled);
                    } else {
                        errors.incrementAndGet();
                    }
                }
            });
        }
        senders.shutdown();
        try {
            senders.awaitTermination(2, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        double seconds = measure.toNanos() / 1e9;
        return new Result("open loop at half", perSecond, measuredSent / seconds,
                latencies.percentileMillis(50), latencies.percentileMillis(99), ok.get(), errors.get());
    }

    static void joinAll(List<Thread> threads) {
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
