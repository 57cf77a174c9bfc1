package io.waveflow.projections.consumer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.waveflow.contracts.LogKeys;
import io.waveflow.contracts.topic.Topics;
import io.waveflow.projections.store.BatchObserver;
import io.waveflow.projections.store.BatchResult;
import io.waveflow.projections.store.ConsumedRecord;
import io.waveflow.projections.store.GenerationRetiredException;
import io.waveflow.projections.store.OffsetStore;
import io.waveflow.projections.store.StemProjector;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One consumer thread of one read-model generation: polls the inbound and workflow topics
 * (read_committed) and hands each poll to {@link StemProjector}, which writes rows and offsets in
 * one transaction. PostgreSQL, not Kafka, owns the offsets:
 * <ul>
 *   <li>every assigned partition is paused until it has been positioned at the offset stored in
 *       PostgreSQL (or at the beginning, if none is stored), on start and on every rebalance;</li>
 *   <li>when a batch fails (PostgreSQL away, dead-letter topic refusing), nothing of it was written:
 *       every partition is paused and positioned again from PostgreSQL once it answers, with an
 *       exponential backoff in between, for as long as it takes. Nothing is skipped;</li>
 *   <li>a crash after the commit loses nothing and doubles nothing: the next consumer of the
 *       partition starts at the stored offset, and the projector drops anything below it.</li>
 * </ul>
 * Offsets are also committed to Kafka after each batch, only so standard lag tooling works; they
 * are never read back. A plain {@code KafkaConsumer} loop rather than a listener container keeps
 * this ownership in one readable place.
 */
public final class ProjectionConsumer implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(ProjectionConsumer.class);

    public static final List<String> TOPICS = List.of(Topics.INBOUND.name(), Topics.WORKFLOW.name());

    private final int generation;
    private final Consumer<String, byte[]> consumer;
    private final BatchDecoder decoder;
    private final StemProjector projector;
    private final OffsetStore offsets;
    private final BatchObserver observer;
    private final Backoff backoff;
    private final Duration pollTimeout;
    private final Set<TopicPartition> unpositioned = new HashSet<>();
    /** What this consumer knows to be stored for its partitions; only to avoid rewriting idle positions. */
    private final Map<TopicPartition, Long> stored = new HashMap<>();
    private final Counter appliedBatches;
    private final Counter failedBatches;
    private final Counter appliedEvents;
    private final Counter skippedRecords;
    private final Counter deadLettered;
    private final Counter retries;
    private volatile boolean running = true;
    private int consecutiveFailures;

    public ProjectionConsumer(int generation, Consumer<String, byte[]> consumer, BatchDecoder decoder,
                              StemProjector projector, OffsetStore offsets, BatchObserver observer,
                              Duration initialBackoff, Duration maxBackoff, Duration pollTimeout, MeterRegistry meters) {
        this.generation = generation;
        this.consumer = consumer;
        this.decoder = decoder;
        this.projector = projector;
        this.offsets = offsets;
        this.observer = observer;
        this.backoff = new Backoff(initialBackoff, maxBackoff);
        this.pollTimeout = pollTimeout;
        String tag = String.valueOf(generation);
        this.appliedBatches = Counter.builder("waveflow.projections.batches").tag("generation", tag)
                .tag("result", "applied").description("Batches written with their offsets").register(meters);
        this.failedBatches = Counter.builder("waveflow.projections.batches").tag("generation", tag)
                .tag("result", "failed").description("Batches rolled back, to be read again").register(meters);
        this.appliedEvents = Counter.builder("waveflow.projections.records").tag("generation", tag)
                .tag("outcome", "applied").description("Events recorded for the first time").register(meters);
        this.skippedRecords = Counter.builder("waveflow.projections.records").tag("generation", tag)
                .tag("outcome", "skipped").description("Records below the stored offset, already applied")
                .register(meters);
        this.deadLettered = Counter.builder("waveflow.projections.records").tag("generation", tag)
                .tag("outcome", "dead-lettered").description("Unreadable records parked").register(meters);
        this.retries = Counter.builder("waveflow.projections.retries").tag("generation", tag)
                .description("Failed attempts (a batch, or reading the stored offsets) that are retried")
                .register(meters);
    }

    @Override
    public void run() {
        try {
            consumer.subscribe(TOPICS, new PositionFromDatabase());
            while (running) {
                if (!unpositioned.isEmpty() && !position()) {
                    pauseBeforeRetry();
                    continue;
                }
                List<ConsumerRecord<String, byte[]>> records = positionedRecords(consumer.poll(pollTimeout));
                if (records.isEmpty() ? !advanceIdle() : !project(records)) {
                    return;
                }
            }
        } catch (WakeupException e) {
            if (running) {
                throw e;
            }
        } finally {
            closeQuietly();
        }
    }

    /** Asks the loop to finish; safe from any thread. The loop closes its consumer on the way out. */
    public void stop() {
        running = false;
        consumer.wakeup();
    }

    public int generation() {
        return generation;
    }

    /** Applies one poll; false when the generation takes no more writes and this consumer must end. */
    private boolean project(List<ConsumerRecord<String, byte[]>> records) {
        BatchResult result;
        try {
            result = projector.apply(generation, decoder.decode(records));
        } catch (GenerationRetiredException e) {
            log.info("Consumer of generation {} stops: {}", generation, e.getMessage());
            return false;
        } catch (RuntimeException e) {
            failedBatches.increment();
            retries.increment();
            if (consecutiveFailures++ == 0) {
                log.warn("Batch of {} records for generation {} failed; it is read again from the stored offsets"
                        + " until it succeeds", records.size(), generation, e);
            } else {
                log.warn("Batch of {} records for generation {} failed again ({} in a row): {}", records.size(),
                        generation, consecutiveFailures, rootMessage(e));
            }
            rewind();
            pauseBeforeRetry();
            return true;
        }
        backoff.reset();
        consecutiveFailures = 0;
        stored.putAll(result.nextOffsets());
        observer.afterCommit(result);
        appliedBatches.increment();
        appliedEvents.increment(result.applied().size());
        skippedRecords.increment(result.skipped());
        deadLettered.increment(result.deadLettered());
        consumer.commitAsync(kafkaOffsets(result.nextOffsets()), (offsets, failure) -> {
            if (failure != null) {
                log.debug("Kafka did not take the informational offset commit: {}", failure.toString());
            }
        });
        logApplied(result);
        return true;
    }

    /**
     * After a poll without records: stores positions that moved past records never delivered
     * (commit markers, aborted transactions), once each, so an idle generation shows no lag.
     * False when the generation takes no more writes.
     */
    private boolean advanceIdle() {
        if (!unpositioned.isEmpty()) {
            return true;
        }
        Map<TopicPartition, Long> moved = new HashMap<>();
        try {
            for (TopicPartition partition : consumer.assignment()) {
                long position = consumer.position(partition, pollTimeout);
                if (position > stored.getOrDefault(partition, 0L)) {
                    moved.put(partition, position);
                }
            }
        } catch (TimeoutException e) {
            // The broker is away; the next idle poll asks again.
            return true;
        }
        if (moved.isEmpty()) {
            return true;
        }
        try {
            projector.advance(generation, moved);
            stored.putAll(moved);
        } catch (GenerationRetiredException e) {
            log.info("Consumer of generation {} stops: {}", generation, e.getMessage());
            return false;
        } catch (RuntimeException e) {
            // Nothing depends on it; the next idle poll tries again.
            log.debug("Could not store idle positions of generation {}: {}", generation, e.toString());
        }
        return true;
    }

    /** Seeks every unpositioned partition to its stored offset; false (all paused again) when PostgreSQL does not answer. */
    private boolean position() {
        Map<TopicPartition, Long> fromDatabase;
        try {
            fromDatabase = offsets.load(generation, unpositioned);
        } catch (RuntimeException e) {
            retries.increment();
            log.warn("Cannot read the stored offsets of generation {}; retrying: {}", generation, rootMessage(e));
            rewind();
            return false;
        }
        List<TopicPartition> fromBeginning = new ArrayList<>();
        for (TopicPartition partition : unpositioned) {
            Long next = fromDatabase.get(partition);
            if (next == null) {
                fromBeginning.add(partition);
            } else {
                consumer.seek(partition, next);
                stored.put(partition, next);
            }
        }
        // Never with an empty collection: Kafka reads that as "every assigned partition", which would
        // undo the seeks above and re-read each partition from offset 0 after every rebalance or retry.
        if (!fromBeginning.isEmpty()) {
            consumer.seekToBeginning(fromBeginning);
        }
        consumer.resume(unpositioned);
        log.info("Generation {} positioned {} partitions at their stored offsets, {} at the beginning", generation,
                unpositioned.size() - fromBeginning.size(), fromBeginning.size());
        log.debug("Stored offsets of generation {}: {}", generation, fromDatabase);
        unpositioned.clear();
        backoff.reset();
        return true;
    }

    /** Forgets every position: the partitions stay paused until {@link #position()} seeks them again. */
    private void rewind() {
        Set<TopicPartition> assigned = consumer.assignment();
        unpositioned.addAll(assigned);
        consumer.pause(assigned);
    }

    /**
     * Waits by polling with every partition paused, which keeps this consumer in its group (and
     * reacts to stop) where a sleep would not.
     */
    private void pauseBeforeRetry() {
        ConsumerRecords<String, byte[]> unexpected = consumer.poll(backoff.next());
        if (!unexpected.isEmpty()) {
            rewind();
        }
    }

    /** Records of partitions not yet positioned from the database are dropped: they are read again after the seek. */
    private List<ConsumerRecord<String, byte[]>> positionedRecords(ConsumerRecords<String, byte[]> polled) {
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>(polled.count());
        for (ConsumerRecord<String, byte[]> record : polled) {
            if (!unpositioned.contains(new TopicPartition(record.topic(), record.partition()))) {
                records.add(record);
            }
        }
        return records;
    }

    private static Map<TopicPartition, OffsetAndMetadata> kafkaOffsets(Map<TopicPartition, Long> next) {
        Map<TopicPartition, OffsetAndMetadata> committed = new HashMap<>();
        next.forEach((partition, offset) -> committed.put(partition, new OffsetAndMetadata(offset)));
        return committed;
    }

    private void logApplied(BatchResult result) {
        if (log.isDebugEnabled()) {
            for (ConsumedRecord record : result.applied()) {
                try (var stem = MDC.putCloseable(LogKeys.STEM_ID, record.event().stemId())) {
                    log.debug("Applied {} {} from {}-{}@{}", record.eventType(), record.event().id(), record.topic(),
                            record.partition(), record.offset());
                }
            }
            log.debug("Generation {}: batch of {} records, {} applied, {} already applied, {} skipped, {} dead-lettered",
                    generation, result.records(), result.applied().size(), result.alreadyApplied(), result.skipped(),
                    result.deadLettered());
        }
    }

    private void closeQuietly() {
        try {
            consumer.close(Duration.ofSeconds(5));
        } catch (RuntimeException e) {
            log.warn("Closing the consumer of generation {} failed: {}", generation, e.toString());
        }
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.toString();
    }

    /** Parks newly assigned partitions until the loop has positioned them from the database. */
    private final class PositionFromDatabase implements ConsumerRebalanceListener {

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            unpositioned.addAll(partitions);
            consumer.pause(partitions);
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            unpositioned.removeAll(partitions);
            stored.keySet().removeAll(partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            onPartitionsRevoked(partitions);
        }
    }
}
