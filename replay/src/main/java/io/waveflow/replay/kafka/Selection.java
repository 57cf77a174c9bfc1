package io.waveflow.replay.kafka;

import java.util.List;
import java.util.Set;

/**
 * What to read: topics (short names or full names; empty means every event topic), partitions
 * (empty means all), and at most one kind of bound on each side, by time or by offset.
 */
public record Selection(List<String> topics, Set<Integer> partitions, TimeRange time,
                        OffsetBound fromOffset, OffsetBound toOffset) {

    public Selection {
        topics = List.copyOf(topics);
        partitions = Set.copyOf(partitions);
    }

    public static Selection everything() {
        return new Selection(List.of(), Set.of(), TimeRange.ALL, OffsetBound.NONE, OffsetBound.NONE);
    }
}
