package io.waveflow.projections.generation;

import java.util.Locale;

/** Where a read-model generation is in its life; stored in {@code read_model_generation.state}. */
public enum GenerationState {
    /** Being filled from the start of the topics; readers do not see it. */
    BUILDING,
    /** What the views show; consumed and kept current. */
    LIVE,
    /** Was live; takes no more writes until the building generation has caught up with it. */
    RETIRING,
    /** No longer read or written; its tables are dropped next. */
    RETIRED;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static GenerationState of(String code) {
        return valueOf(code.toUpperCase(Locale.ROOT));
    }

    /** Whether consumers should be running for a generation in this state. */
    public boolean consumed() {
        return this == BUILDING || this == LIVE;
    }
}
