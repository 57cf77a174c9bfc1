package io.waveflow.replay.kafka;

import java.util.Map;
import java.util.OptionalLong;

/**
 * An offset for every partition ({@code all}) and/or for single partitions; a partition's own
 * offset wins. Empty when neither is given.
 */
public record OffsetBound(Long all, Map<Integer, Long> byPartition) {

    public static final OffsetBound NONE = new OffsetBound(null, Map.of());

    public OffsetBound {
        byPartition = Map.copyOf(byPartition);
    }

    public boolean isEmpty() {
        return all == null && byPartition.isEmpty();
    }

    public OptionalLong forPartition(int partition) {
        Long offset = byPartition.getOrDefault(partition, all);
        return offset == null ? OptionalLong.empty() : OptionalLong.of(offset);
    }
}
