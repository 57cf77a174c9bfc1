package io.waveflow.projections.store;

/**
 * One event's write to one column: a value and the {@link ColumnRule} it is applied with. Two
 * writes to the same column fold into one ({@link #then}) that has the same effect as applying
 * them in turn, which lets a batch write each stem row once.
 */
public record ColumnWrite(ColumnRule rule, Object value) {

    public ColumnWrite {
        if (rule == null) {
            throw new IllegalArgumentException("a column write needs a rule");
        }
    }

    public Object applyTo(Object current) {
        return rule.apply(current, value);
    }

    /**
     * This write followed by {@code later}, as one write. Only the combinations the event mappings
     * produce are defined; anything else is a mapping bug and throws.
     */
    public ColumnWrite then(ColumnWrite later) {
        Object v = later.value;
        switch (later.rule) {
            case OVERWRITE:
                return later;
            case PREFER:
                return v == null ? this : new ColumnWrite(ColumnRule.OVERWRITE, v);
            case FILL:
                switch (rule) {
                    case OVERWRITE:
                    case FILL:
                        return new ColumnWrite(rule, value != null ? value : v);
                    case PREFER:
                        return value != null ? new ColumnWrite(ColumnRule.OVERWRITE, value)
                                : new ColumnWrite(ColumnRule.FILL, v);
                    default:
                        break;
                }
                break;
            case EARLIEST:
            case LATEST:
                if (rule == later.rule || rule == ColumnRule.OVERWRITE) {
                    return new ColumnWrite(rule, later.rule.apply(value, v));
                }
                break;
            default:
                break;
        }
        throw new IllegalStateException("cannot fold a " + later.rule + " write after a " + rule + " write");
    }

    static ColumnWrite overwrite(Object value) {
        return new ColumnWrite(ColumnRule.OVERWRITE, value);
    }
}
