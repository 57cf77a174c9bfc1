package io.waveflow.projections.store;

/** The generation a consumer writes to is no longer live or building: the consumer must stop. */
public class GenerationRetiredException extends RuntimeException {

    public GenerationRetiredException(int generation, String state) {
        super("read-model generation " + generation + " is " + (state == null ? "gone" : state)
                + " and takes no more writes");
    }
}
