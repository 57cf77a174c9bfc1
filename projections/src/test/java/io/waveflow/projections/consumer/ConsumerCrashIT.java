package io.waveflow.projections.consumer;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.waveflow.infra.SharedInfra;
import io.waveflow.projections.EventTopicsClient;
import io.waveflow.projections.StemStory;
import io.waveflow.projections.TestDatabase;
import io.waveflow.projections.TopicLog;
import io.waveflow.projections.generation.GenerationSupervisor;
import io.waveflow.projections.generation.Generations;
import io.waveflow.projections.store.BatchObserver;
import io.waveflow.projections.store.BatchResult;
import io.waveflow.projections.store.OffsetStore;
import io.waveflow.projections.store.StemProjector;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A consumer thread dies in the middle of the stream, just after a batch's transaction committed
 * (before it could tell Kafka, or move on) or just before; the supervisor starts a new one. The
 * new one must resume exactly where the database says: every record applied once, none twice.
 */
class ConsumerCrashIT {

    /** Stands for the process dying: not an exception the loop handles, so the thread ends. */
    static final class SimulatedCrash extends Error {
        SimulatedCrash(String message) {
            super(message);
        }
    }

    private static final int CRASH_AT_BATCH = 3;

    private final List<BatchResult> committed = new CopyOnWriteArrayList<>();
    private final AtomicInteger batches = new AtomicInteger();
    private final AtomicBoolean crashed = new AtomicBoolean();
    private final AtomicInteger consumersCreated = new AtomicInteger();
    private EventTopicsClient topics;
    private TestDatabase db;
    private GenerationSupervisor supervisor;

    @BeforeEach
    void produce() {
        topics = new EventTopicsClient(SharedInfra.get().kafka().bootstrapServers());
        topics.send(StemStory.mix("crash-" + UUID.randomUUID(), 150, 42));
        db = TestDatabase.create(SharedInfra.get().postgres(), "crash_it");
    }

    @AfterEach
    void stop() {
        if (supervisor != null) {
            supervisor.stop();
        }
        db.close();
        topics.close();
    }

    @Test
    void shouldLoseAndDoubleNothingWhenTheConsumerDiesJustAfterCommittingABatch() {
        run(new BatchObserver() {
            @Override
            public void afterCommit(BatchResult result) {
                committed.add(result);
                crashOnce();
            }
        });

        assertExactlyOnce();
    }

    @Test
    void shouldLoseAndDoubleNothingWhenTheConsumerDiesJustBeforeCommittingABatch() {
        run(new BatchObserver() {
            @Override
            public void beforeCommit(BatchResult result) {
                crashOnce();
            }

            @Override
            public void afterCommit(BatchResult result) {
                committed.add(result);
            }
        });

        assertExactlyOnce();
    }

    private void run(BatchObserver observer) {
        OffsetStore offsets = new OffsetStore(db.jdbc());
        StemProjector projector = new StemProjector(db.jdbc(), db.transaction(), letters -> { }, observer);
        String group = "crash-it-" + UUID.randomUUID();
        Map<String, Object> base = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, topics.bootstrapServers(),
                // Small batches, so the crash falls mid-stream.
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 50);
        supervisor = new GenerationSupervisor(
                new Generations(db.jdbc(), db.transaction(), offsets, Duration.ofSeconds(2)),
                (generation, index) -> {
                    consumersCreated.incrementAndGet();
                    return new ProjectionConsumer(generation,
                            ConsumerConfigs.newConsumer(ConsumerConfigs.of(base, group + "-g" + generation, group)),
                            new BatchDecoder(Clock.systemUTC()), projector, offsets, observer,
                            Duration.ofMillis(50), Duration.ofMillis(200), Duration.ofMillis(200),
                            new SimpleMeterRegistry());
                },
                1, Duration.ofMillis(200), 1000);
        supervisor.start();

        TopicLog log = TopicLog.read(topics.bootstrapServers());
        await().atMost(Duration.ofSeconds(90)).until(() -> log.coveredBy(offsets.all(1)));
        supervisor.stop();
    }

    private void crashOnce() {
        if (batches.incrementAndGet() == CRASH_AT_BATCH && crashed.compareAndSet(false, true)) {
            throw new SimulatedCrash("consumer killed at batch " + CRASH_AT_BATCH);
        }
    }

    private void assertExactlyOnce() {
        TopicLog log = TopicLog.read(topics.bootstrapServers());
        assertThat(crashed).isTrue();
        assertThat(consumersCreated).as("the supervisor replaced the dead consumer").hasValue(2);
        // Every record of the topics went through exactly one committed batch: the new consumer
        // started at the stored offsets, so it neither re-read the crashed batch nor skipped past it.
        assertThat(committed.stream().mapToInt(BatchResult::records).sum()).isEqualTo(log.size());
        assertThat(committed.stream().mapToInt(BatchResult::skipped).sum()).isZero();
        try (TestDatabase replayed = TestDatabase.create(SharedInfra.get().postgres(), "crash_it_replay")) {
            assertThat(db.snapshot()).isEqualTo(log.replay(replayed));
        }
    }
}
