package io.waveflow.workflow.topology;

import io.waveflow.contracts.Stage;

import java.util.Locale;

/**
 * Where a stem is in its life; the three waiting phases each wait on one worker stage.
 * {@code RECLAIMING} is a failed owner an operator retried, taking its hash claim again before
 * its next analysis attempt; {@code CANCELLED} is a stem an operator gave up on.
 */
public enum Phase {
    HASHING(Stage.HASH),
    CLAIMING(null),
    RECLAIMING(null),
    ANALYSING(Stage.ANALYSIS),
    CLEANING_DUPLICATE(Stage.DUPLICATE),
    COMPLETED(null),
    DUPLICATE(null),
    FAILED(null),
    DELETED(null),
    CANCELLED(null);

    private final Stage awaitedStage;

    Phase(Stage awaitedStage) {
        this.awaitedStage = awaitedStage;
    }

    /** The worker stage this phase waits on, or null when no worker owes an answer. */
    public Stage awaitedStage() {
        return awaitedStage;
    }

    /**
     * The phase as the query API and event reasons spell it ({@code cleaning_duplicate}), the
     * same on every machine whatever its locale.
     */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean isFinal() {
        return this == COMPLETED || this == DUPLICATE || this == FAILED || this == DELETED || this == CANCELLED;
    }

    /** Waiting for the claims side's decision on the stem's hash (a first claim or a retry's). */
    public boolean isClaiming() {
        return this == CLAIMING || this == RECLAIMING;
    }
}
