package io.waveflow.replay.kafka;

import org.apache.kafka.common.TopicPartition;

/** Offsets {@code start} (inclusive) to {@code end} (exclusive) of one partition. */
public record PartitionRange(TopicPartition partition, long start, long end) {

    public long size() {
        return Math.max(0, end - start);
    }
}
