package io.waveflow.projections.api;

/** An abort was asked for while no rebuild runs. */
class NoRebuildException extends RuntimeException {

    NoRebuildException() {
        super("No generation is being built, so there is nothing to abort");
    }
}
