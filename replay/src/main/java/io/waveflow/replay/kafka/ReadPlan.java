package io.waveflow.replay.kafka;

import java.util.List;

/**
 * The resolved topics and, for every partition with something to read, its offset range. The
 * ends were captured once, when the plan was made: records written later are not read.
 */
public record ReadPlan(List<String> topics, List<PartitionRange> ranges, TimeRange time) {

    public ReadPlan {
        topics = List.copyOf(topics);
        ranges = List.copyOf(ranges);
    }

    /** Records in the ranges; an upper bound, as transaction markers and aborted records take offsets too. */
    public long records() {
        return ranges.stream().mapToLong(PartitionRange::size).sum();
    }
}
