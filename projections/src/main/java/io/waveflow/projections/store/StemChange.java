package io.waveflow.projections.store;

import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * What one or more workflow events set on one stem row: column values (nulls included, they
 * clear a column) and the latest event time. Changes to one stem fold with {@link #then}, so a
 * batch writes each stem once with the same result as writing its events one by one.
 */
public record StemChange(String stemId, Instant eventTime, Map<StemColumn, Object> values) {

    public StemChange {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("a stem change sets at least one column");
        }
        values = Collections.unmodifiableMap(new EnumMap<>(values));
    }

    /** This change followed by {@code later}: later values win, the event time is the latest. */
    public StemChange then(StemChange later) {
        if (!stemId.equals(later.stemId)) {
            throw new IllegalArgumentException("cannot fold changes of stems " + stemId + " and " + later.stemId);
        }
        Map<StemColumn, Object> merged = new EnumMap<>(values);
        merged.putAll(later.values);
        Instant latest = later.eventTime.isAfter(eventTime) ? later.eventTime : eventTime;
        return new StemChange(stemId, latest, merged);
    }
}
