package io.waveflow.projections.store;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * What one or more events write to one stem row, column by column. Changes to one stem fold with
 * {@link #then}, so a batch writes each stem once with the same result as writing its events one
 * by one.
 */
public record StemChange(String stemId, Map<StemColumn, ColumnWrite> writes) {

    public StemChange {
        if (writes.isEmpty()) {
            throw new IllegalArgumentException("a stem change writes at least one column");
        }
        writes = Collections.unmodifiableMap(new EnumMap<>(writes));
    }

    /** This change followed by {@code later}. */
    public StemChange then(StemChange later) {
        if (!stemId.equals(later.stemId)) {
            throw new IllegalArgumentException("cannot fold changes of stems " + stemId + " and " + later.stemId);
        }
        Map<StemColumn, ColumnWrite> merged = new EnumMap<>(writes);
        later.writes.forEach((column, write) -> merged.merge(column, write, ColumnWrite::then));
        return new StemChange(stemId, merged);
    }

    /** The written values by column, whatever their rule. */
    public Map<StemColumn, Object> values() {
        Map<StemColumn, Object> values = new EnumMap<>(StemColumn.class);
        writes.forEach((column, write) -> values.put(column, write.value()));
        return values;
    }

    /** The row after this change, given the row before (absent columns are null); for tests and reasoning. */
    public Map<StemColumn, Object> applyTo(Map<StemColumn, Object> row) {
        Map<StemColumn, Object> after = new EnumMap<>(StemColumn.class);
        after.putAll(row);
        writes.forEach((column, write) -> after.put(column, write.applyTo(row.get(column))));
        return after;
    }
}
