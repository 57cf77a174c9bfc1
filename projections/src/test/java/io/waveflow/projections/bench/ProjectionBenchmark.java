package io.waveflow.projections.bench;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.waveflow.infra.SharedInfra;
import io.waveflow.projections.EventTopicsClient;
import io.waveflow.projections.StemStory;
import io.waveflow.projections.TestDatabase;
import io.waveflow.projections.TopicLog;
import io.waveflow.projections.TopicRecords;
import io.waveflow.projections.consumer.BatchDecoder;
import io.waveflow.projections.consumer.ConsumerConfigs;
import io.waveflow.projections.consumer.ProjectionConsumer;
import io.waveflow.projections.store.BatchObserver;
import io.waveflow.projections.store.ConsumedRecord;
import io.waveflow.projections.store.OffsetStore;
import io.waveflow.projections.store.StemProjector;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Events per second applied into PostgreSQL, with the real projector and the real consumer loop,
 * on this machine's embedded servers. Not part of the normal build (the name matches neither
 * *Test nor *IT); run it alone, see BENCHMARK.md:
 * {@code mvn -B -q -o -f projections/pom.xml test -Dtest=ProjectionBenchmark -Dsurefire.failIfNoSpecifiedTests=false}.
 * Sizes: {@code -Dbench.stories=10000} (about 7.5 events each), {@code -Dbench.consumerStories=5000}.
 * Results are printed and appended to {@code target/projection-benchmark.txt}.
 */
@Tag("benchmark")
class ProjectionBenchmark {

    private static final Path REPORT = Path.of("target", "projection-benchmark.txt");

    @Test
    void shouldMeasureEventsPerSecondAppliedIntoPostgres() throws IOException {
        int stories = Integer.getInteger("bench.stories", 10_000);
        int consumerStories = Integer.getInteger("bench.consumerStories", 5_000);
        report("%n== projections benchmark, %d cores, JVM %s, max heap %d MB ==", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"), Runtime.getRuntime().maxMemory() >> 20);

        // Warm-up: JIT and the database's caches.
        writerRun("warm-up", TopicRecords.of(StemStory.mix("warmup-" + UUID.randomUUID(), 1_000, 1)).shuffled(1), 500,
                false);
        TopicRecords topics = TopicRecords.of(StemStory.mix("bench-" + UUID.randomUUID(), stories, 2));
        // Both topics interleaved, each stem's events close together: most stems are new in their batch.
        List<ConsumedRecord> stream = topics.shuffled(2);
        for (int batchSize : new int[]{100, 500, 2_000}) {
            writerRun("interleaved", stream, batchSize, true);
        }
        // The whole workflow topic, then the whole inbound one: half the batches update existing rows.
        writerRun("workflow then inbound", topics.workflowThenInbound(), 500, true);
        consumerRun(consumerStories);
    }

    /** The projector alone: decoded records in memory, applied batch after batch by one thread. */
    private void writerRun(String order, List<ConsumedRecord> stream, int batchSize, boolean print) throws IOException {
        try (TestDatabase db = TestDatabase.create(SharedInfra.get().postgres(), "bench")) {
            StemProjector projector = new StemProjector(db.jdbc(), db.transaction(), letters -> { }, BatchObserver.NONE);
            List<List<ConsumedRecord>> batches = TopicRecords.batches(stream, batchSize);
            long started = System.nanoTime();
            batches.forEach(batch -> projector.apply(1, batch));
            double seconds = (System.nanoTime() - started) / 1e9;
            assertThat(db.snapshot().history()).hasSize(stream.size());
            if (print) {
                report("projector only, %s: %,d events (%,d stems) in batches of %,d: %.1f s, %,.0f events/s", order,
                        stream.size(), db.snapshot().stems().size(), batchSize, seconds, stream.size() / seconds);
            }
        }
    }

    /** The consumer loop end to end: from the start of both topics (read_committed) to every stored offset. */
    private void consumerRun(int stories) throws IOException {
        String bootstrap = SharedInfra.get().kafka().bootstrapServers();
        try (EventTopicsClient topics = new EventTopicsClient(bootstrap);
             TestDatabase db = TestDatabase.create(SharedInfra.get().postgres(), "bench_consumer")) {
            topics.send(StemStory.mix("bench-kafka-" + UUID.randomUUID(), stories, 3));
            TopicLog log = TopicLog.read(bootstrap);
            OffsetStore offsets = new OffsetStore(db.jdbc());
            StemProjector projector = new StemProjector(db.jdbc(), db.transaction(), letters -> { }, BatchObserver.NONE);
            String group = "bench-" + UUID.randomUUID();
            ProjectionConsumer consumer = new ProjectionConsumer(1,
                    ConsumerConfigs.newConsumer(ConsumerConfigs.of(Map.of(
                            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                            ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500), group + "-g1", group)),
                    new BatchDecoder(Clock.systemUTC()), projector, offsets, BatchObserver.NONE,
                    Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofMillis(100), new SimpleMeterRegistry());
            Thread thread = new Thread(consumer, "bench-consumer");
            long started = System.nanoTime();
            thread.start();
            await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(50))
                    .until(() -> log.coveredBy(offsets.all(1)));
            double seconds = (System.nanoTime() - started) / 1e9;
            consumer.stop();
            report("consumer loop (poll, decode, project, store offsets), one thread, max.poll.records 500:"
                    + " %,d records in %.1f s, %,.0f events/s (includes joining the group)", log.size(), seconds,
                    log.size() / seconds);
        }
    }

    private static void report(String format, Object... arguments) throws IOException {
        String line = String.format(format, arguments);
        System.out.println(line);
        Files.createDirectories(REPORT.getParent());
        Files.writeString(REPORT, line + System.lineSeparator(), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
