package io.waveflow.contracts.workflow;

import io.waveflow.contracts.StemMessage;

/**
 * A decision of the workflow topology about one stem. Projections build the read model from
 * these alone; their ids derive from the inbound event that caused them, so a replay yields
 * the same ids.
 */
public sealed interface WorkflowEvent extends StemMessage
        permits StemRegistered, StageRequested, HashClaimed, DuplicateDetected, StemCompleted,
        DuplicateSettled, StemFailed, EventRejected, StemRemoved, StemCancelled {
}
