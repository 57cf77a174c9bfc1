package io.waveflow.projections.store;

/**
 * Sees each batch at the two points that matter for exactly-once: just before its transaction
 * commits and just after. Metrics use it; tests inject crashes through it.
 */
public interface BatchObserver {

    BatchObserver NONE = new BatchObserver() { };

    /** Inside the transaction: throwing here rolls the whole batch back, offsets included. */
    default void beforeCommit(BatchResult result) {
    }

    /** After the commit, before the consumer moves on; throwing here ends the consumer thread, as a crash would. */
    default void afterCommit(BatchResult result) {
    }
}
