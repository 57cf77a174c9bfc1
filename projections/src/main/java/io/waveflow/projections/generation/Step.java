package io.waveflow.projections.generation;

/** What one call of {@link Generations#advance} did to move a rebuild along, for logs and tests. */
public record Step(Kind kind, int generation, long behind) {

    public enum Kind {
        /** The building generation is still more than the allowed lag behind the live one. */
        CATCHING_UP,
        /** The live generation stopped taking writes so the building one can draw level. */
        FROZE,
        /** Frozen; the building generation has not drawn level yet. */
        DRAWING_LEVEL,
        /** Readers now see the rebuilt generation. */
        SWITCHED,
        /** A retired generation's tables are gone. */
        DROPPED
    }
}
