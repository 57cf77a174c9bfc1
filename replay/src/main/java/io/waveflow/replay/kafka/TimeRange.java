package io.waveflow.replay.kafka;

import java.time.Instant;

/**
 * Which record timestamps to read: {@code from} inclusive, {@code to} exclusive, either open
 * when null. The timestamps are the Kafka record timestamps, the ones offsetsForTimes indexes.
 */
public record TimeRange(Instant from, Instant to) {

    public static final TimeRange ALL = new TimeRange(null, null);

    public TimeRange {
        if (from != null && to != null && !from.isBefore(to)) {
            throw new IllegalArgumentException("from " + from + " is not before to " + to);
        }
    }

    public boolean contains(long timestampMs) {
        return (from == null || timestampMs >= from.toEpochMilli()) && (to == null || timestampMs < to.toEpochMilli());
    }
}
