package io.waveflow.bench;

import io.waveflow.local.LocalStack;
import io.waveflow.local.Service;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * One phase of the suite (one figure or a few that come from the same load), run against the
 * started stack and the seed-style baseline with the same worker simulators; it adds its rows and
 * notes to the shared {@link Report}.
 */
abstract class Phase {

    /** Everything a phase measures with, started once by {@link BenchSuite}. */
    record Setup(BenchOptions options, String run, Map<String, String> hashes, LocalStack stack, SignedHttp http,
                 SeedBaseline baseline, WorkerSimulator waveflowWorkers, WorkerSimulator baselineWorkers, Report report) {
    }

    protected final Logger log = LoggerFactory.getLogger(getClass());
    protected final BenchOptions options;
    /** This run's id, in every stem id, so runs never collide in a kept data directory. */
    protected final String run;
    /** The audio hash of each stem, which the worker simulators report. */
    protected final Map<String, String> hashes;
    protected final LocalStack stack;
    protected final SignedHttp http;
    protected final SeedBaseline baseline;
    protected final WorkerSimulator waveflowWorkers;
    protected final WorkerSimulator baselineWorkers;
    protected final URI bridge;
    protected final Report report;

    protected Phase(Setup setup) {
        this.options = setup.options();
        this.run = setup.run();
        this.hashes = setup.hashes();
        this.stack = setup.stack();
        this.http = setup.http();
        this.baseline = setup.baseline();
        this.waveflowWorkers = setup.waveflowWorkers();
        this.baselineWorkers = setup.baselineWorkers();
        this.bridge = setup.stack().serviceUrl(Service.BRIDGE);
        this.report = setup.report();
    }

    abstract void measure() throws Exception;

    /** The design a {@code --*-designs} name stands for ({@link BenchOptions} admits only these two). */
    protected Design design(String name) {
        return name.equals("waveflow") ? Design.waveflow(bridge, waveflowWorkers) : Design.seed(baseline, baselineWorkers);
    }

    protected static void forEachConcurrently(List<Stem> stems, int concurrency, java.util.function.Consumer<Stem> action)
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

    protected static boolean waitFor(Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(50);
        }
        return condition.getAsBoolean();
    }

    protected static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
