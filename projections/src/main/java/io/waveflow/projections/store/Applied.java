package io.waveflow.projections.store;

import io.waveflow.contracts.workflow.WorkflowEvent;

import java.util.List;

/**
 * The outcome of projecting one batch: the events that were new and are now in the read model,
 * and how many were skipped because their event id had been applied before.
 */
public record Applied(List<WorkflowEvent> applied, int alreadyApplied) {

    public static final Applied NOTHING = new Applied(List.of(), 0);
}
