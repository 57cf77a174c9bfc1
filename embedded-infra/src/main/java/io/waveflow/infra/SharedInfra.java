package io.waveflow.infra;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One set of embedded servers per JVM (Kafka, SQS, PostgreSQL on free ports and temp
 * directories), started on first use and stopped by a shutdown hook, so the ITs of a module share
 * servers instead of each class paying for its own.
 */
public final class SharedInfra {

    private static final Logger log = LoggerFactory.getLogger(SharedInfra.class);

    /** The standard queue the bridge consumes audio-processing work from. */
    public static final String AUDIO_PROCESS_QUEUE = "waveflow-audio-process-queue";
    /** The FIFO twin of {@link #AUDIO_PROCESS_QUEUE}, for per-stem ordering. */
    public static final String AUDIO_PROCESS_FIFO_QUEUE = AUDIO_PROCESS_QUEUE + ".fifo";

    private static SharedInfra instance;

    private final EmbeddedKafka kafka;
    private final EmbeddedSqs sqs;
    private final EmbeddedPostgres postgres;

    private SharedInfra(EmbeddedKafka kafka, EmbeddedSqs sqs, EmbeddedPostgres postgres) {
        this.kafka = kafka;
        this.sqs = sqs;
        this.postgres = postgres;
    }

    /**
     * The servers of this JVM, started on the first call. Stopping a shared server affects every
     * test in the JVM; outage tests should start their own through {@link EmbeddedKafka#start},
     * {@link EmbeddedSqs#start} or {@link EmbeddedPostgres#start}.
     */
    public static synchronized SharedInfra get() {
        if (instance == null) {
            instance = startAll();
            ShutdownHooks.register("waveflow-shared-infra-stop", instance::close);
        }
        return instance;
    }

    public EmbeddedKafka kafka() {
        return kafka;
    }

    public EmbeddedSqs sqs() {
        return sqs;
    }

    public EmbeddedPostgres postgres() {
        return postgres;
    }

    private static SharedInfra startAll() {
        long started = System.nanoTime();
        // The three start independently, so the set is up in the time of the slowest. An own pool,
        // because the common pool has a single thread on a 2-core machine.
        ExecutorService starters = Executors.newFixedThreadPool(3);
        CompletableFuture<EmbeddedKafka> kafka = CompletableFuture.supplyAsync(() -> EmbeddedKafka.start(0, null), starters);
        CompletableFuture<EmbeddedSqs> sqs = CompletableFuture.supplyAsync(
                () -> EmbeddedSqs.start(0, List.of(AUDIO_PROCESS_QUEUE, AUDIO_PROCESS_FIFO_QUEUE)), starters);
        CompletableFuture<EmbeddedPostgres> postgres = CompletableFuture.supplyAsync(
                () -> EmbeddedPostgres.start(0, null), starters);
        try {
            CompletableFuture.allOf(kafka, sqs, postgres).join();
        } catch (CompletionException e) {
            closeStarted(kafka, sqs, postgres);
            throw new IllegalStateException("Cannot start the shared embedded servers", e.getCause());
        } finally {
            starters.shutdown();
        }
        SharedInfra infra = new SharedInfra(kafka.join(), sqs.join(), postgres.join());
        log.info("Shared servers up in {} ms: Kafka {}, SQS {}, PostgreSQL {}",
                (System.nanoTime() - started) / 1_000_000,
                infra.kafka.bootstrapServers(), infra.sqs.endpoint(), infra.postgres.jdbcUrl("postgres"));
        return infra;
    }

    @SafeVarargs
    private static void closeStarted(CompletableFuture<? extends AutoCloseable>... servers) {
        for (CompletableFuture<? extends AutoCloseable> server : servers) {
            if (server.isDone() && !server.isCompletedExceptionally()) {
                closeQuietly(server.join());
            }
        }
    }

    private void close() {
        closeQuietly(kafka);
        closeQuietly(sqs);
        closeQuietly(postgres);
    }

    private static void closeQuietly(AutoCloseable server) {
        try {
            server.close();
        } catch (Exception e) {
            log.warn("Could not close {}: {}", server.getClass().getSimpleName(), e.toString());
        }
    }
}
