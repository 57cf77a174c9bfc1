package io.waveflow.projections.store;

import java.util.Locale;

/**
 * How an event's value for one column combines with what the row already holds. The rules are
 * what make the read model independent of the interleaving of the two topics: the workflow topic
 * alone decides status and results ({@link #OVERWRITE}, in its own log order), while inbound facts
 * only fill gaps ({@link #FILL}), the workflow's registration wins over them ({@link #PREFER}), and
 * times keep their extreme ({@link #EARLIEST}, {@link #LATEST}). Null stands for SQL NULL.
 */
public enum ColumnRule {

    /** The event's value, null included (a completion clears the error columns). */
    OVERWRITE,
    /** The current value when there is one, else the event's. */
    FILL,
    /** The event's value when it has one, else the current. */
    PREFER,
    /** The earlier of the two times, ignoring null. */
    EARLIEST,
    /** The later of the two times, ignoring null. */
    LATEST;

    /** What the column holds after applying {@code value} under this rule to {@code current}. */
    public Object apply(Object current, Object value) {
        switch (this) {
            case OVERWRITE:
                return value;
            case FILL:
                return current != null ? current : value;
            case PREFER:
                return value != null ? value : current;
            case EARLIEST:
                return extreme(current, value, -1);
            default:
                return extreme(current, value, 1);
        }
    }

    /** The code this rule travels as to the database, one per column and row of a batch. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static Object extreme(Object a, Object b, int sign) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        int comparison = ((Comparable) a).compareTo(b);
        return comparison * sign >= 0 ? a : b;
    }
}
