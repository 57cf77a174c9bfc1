package io.waveflow.projections.store;

/**
 * The table names of one read-model generation. Names are built from the number alone, never
 * from input, which is what makes them safe to splice into SQL.
 */
public record GenerationTables(int generation) {

    /** The views readers query; they point at the live generation's tables. */
    public static final String STEM_VIEW = "stem";
    public static final String HISTORY_VIEW = "stem_history";

    public GenerationTables {
        if (generation < 1) {
            throw new IllegalArgumentException("generations are numbered from 1: " + generation);
        }
    }

    public String stem() {
        return STEM_VIEW + "_g" + generation;
    }

    public String history() {
        return HISTORY_VIEW + "_g" + generation;
    }
}
