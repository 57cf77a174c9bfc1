package io.waveflow.projections.store;

import org.apache.kafka.common.TopicPartition;

import java.util.List;
import java.util.Map;

/**
 * What projecting one batch did. {@code skipped} records were below the generation's stored offset
 * (a redelivery after a crash or a rebalance: their effect is already in); {@code alreadyApplied}
 * events were new at their offset but carried an event id applied before; {@code nextOffsets} are
 * the offsets stored for the batch's partitions.
 */
public record BatchResult(int generation, int records, List<ConsumedRecord> applied, int alreadyApplied,
                          int skipped, int deadLettered, Map<TopicPartition, Long> nextOffsets) {

    public BatchResult {
        applied = List.copyOf(applied);
        nextOffsets = Map.copyOf(nextOffsets);
    }
}
