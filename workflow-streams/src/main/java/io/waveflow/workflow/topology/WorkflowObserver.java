package io.waveflow.workflow.topology;

import io.waveflow.contracts.command.StageCommand;

/**
 * What the topology tells whoever watches it (the service's metrics): every transition it
 * applied, the stems this instance keeps in state per phase, and the records it dead-lettered.
 * The topology stays a pure function of its settings and this observer; {@link #NONE} watches
 * nothing. Called on stream threads: implementations must be cheap and thread-safe.
 */
public interface WorkflowObserver {

    WorkflowObserver NONE = new WorkflowObserver() {
    };

    /**
     * One input applied to one stem. {@code before} is null for a stem seen for the first time;
     * {@code byDeadline} says the input was a stage deadline passing, not a record.
     */
    default void transitioned(StemState before, Transition transition, boolean byDeadline) {
    }

    /** A stage command was sent, by the stem side or (analysis and clean-up) by the claims side. */
    default void commanded(StageCommand command) {
    }

    /** The stems this instance keeps in state grew ({@code delta > 0}) or shrank in {@code phase}. */
    default void held(Phase phase, long delta) {
    }

    /** A record of {@code topic} could not be decoded and went to the dead-letter topic. */
    default void deadLettered(String topic) {
    }
}
