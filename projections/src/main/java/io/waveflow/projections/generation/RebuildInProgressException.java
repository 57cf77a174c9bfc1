package io.waveflow.projections.generation;

/** A rebuild was asked for while another one is still running. */
public class RebuildInProgressException extends RuntimeException {

    private final int generation;

    public RebuildInProgressException(int generation) {
        super("generation " + generation + " is still being built");
        this.generation = generation;
    }

    public int generation() {
        return generation;
    }
}
