package io.waveflow.projections.generation;

import io.waveflow.projections.consumer.ProjectionConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Keeps this instance's consumers in line with the generations in PostgreSQL, once per interval:
 * consumer threads run for the live generation and for a generation being built, and no other;
 * a thread that died (a crash) is replaced, and the replacement resumes from the stored offsets.
 * Each pass also moves a rebuild along ({@link Generations#advance}). All state is in the
 * database, so several instances supervise side by side, and a rebuild survives restarts.
 */
public class GenerationSupervisor implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(GenerationSupervisor.class);

    /** Creates the consumer for thread {@code index} of {@code generation}. */
    @FunctionalInterface
    public interface ConsumerFactory {
        ProjectionConsumer create(int generation, int index);
    }

    private record Worker(ProjectionConsumer consumer, Thread thread) {
    }

    private final Generations generations;
    private final ConsumerFactory consumers;
    private final int threadsPerGeneration;
    private final Duration interval;
    private final long switchLag;
    private final Map<Integer, List<Worker>> workers = new HashMap<>();
    private ScheduledExecutorService scheduler;
    private volatile boolean running;
    private boolean failing;

    public GenerationSupervisor(Generations generations, ConsumerFactory consumers, int threadsPerGeneration,
                                Duration interval, long switchLag) {
        this.generations = generations;
        this.consumers = consumers;
        this.threadsPerGeneration = threadsPerGeneration;
        this.interval = interval;
        this.switchLag = switchLag;
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "projections-supervisor");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(this::supervise, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        running = true;
    }

    @Override
    public synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (workers) {
            new HashSet<>(workers.keySet()).forEach(this::stopGeneration);
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** One pass: reconcile consumers with the generation rows, then advance a rebuild. */
    void supervise() {
        try {
            List<Generation> current = generations.list();
            reconcile(current);
            generations.advance(switchLag).forEach(step -> {
                if (step.kind() == Step.Kind.CATCHING_UP || step.kind() == Step.Kind.DRAWING_LEVEL) {
                    log.debug("Rebuild: {}", step);
                } else {
                    log.info("Rebuild: {}", step);
                }
            });
            failing = false;
        } catch (RuntimeException e) {
            // PostgreSQL away, a switch that timed out on a lock: the next pass tries again.
            if (!failing) {
                log.warn("Supervising read-model generations failed; retrying every {} until it works: {}", interval,
                        e.toString());
            } else {
                log.debug("Supervising read-model generations failed again: {}", e.toString());
            }
            failing = true;
        }
    }

    private void reconcile(List<Generation> current) {
        Set<Integer> wanted = new HashSet<>();
        current.stream().filter(g -> g.state().consumed()).forEach(g -> wanted.add(g.number()));
        synchronized (workers) {
            if (!running) {
                return;
            }
            new HashSet<>(workers.keySet()).stream().filter(number -> !wanted.contains(number))
                    .forEach(this::stopGeneration);
            wanted.forEach(this::ensureRunning);
        }
    }

    private void ensureRunning(int generation) {
        List<Worker> running = workers.computeIfAbsent(generation, number -> new ArrayList<>());
        for (int index = 0; index < threadsPerGeneration; index++) {
            Worker worker = index < running.size() ? running.get(index) : null;
            if (worker != null && worker.thread().isAlive()) {
                continue;
            }
            if (worker != null) {
                log.warn("Consumer thread {} of generation {} ended; starting a new one", index, generation);
            }
            ProjectionConsumer consumer = consumers.create(generation, index);
            Thread thread = new Thread(consumer, "projections-g" + generation + "-" + index);
            thread.setUncaughtExceptionHandler((t, failure) ->
                    log.error("Consumer thread {} died; the supervisor replaces it", t.getName(), failure));
            thread.start();
            if (index < running.size()) {
                running.set(index, new Worker(consumer, thread));
            } else {
                running.add(new Worker(consumer, thread));
            }
        }
    }

    private void stopGeneration(int generation) {
        List<Worker> stopping = workers.remove(generation);
        if (stopping == null) {
            return;
        }
        stopping.forEach(worker -> worker.consumer().stop());
        for (Worker worker : stopping) {
            try {
                worker.thread().join(Duration.ofSeconds(30).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        log.info("Consumers of generation {} stopped", generation);
    }
}
