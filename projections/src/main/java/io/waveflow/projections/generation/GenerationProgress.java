package io.waveflow.projections.generation;

import java.time.Instant;
import java.util.List;

/**
 * How far one generation has read each partition of the event topics: the next offset it stored
 * against the read_committed end offset. {@code endOffset} and {@code lag} are null when the
 * broker could not be asked.
 */
public record GenerationProgress(int generation, String state, Instant createdAt, Instant switchedAt, Long lag,
                                 List<PartitionProgress> partitions) {

    public record PartitionProgress(String topic, int partition, long nextOffset, Long endOffset, Long lag) {
    }
}
