package io.waveflow.contracts.workflow;

import java.time.Instant;

/** The worker deleted the duplicate stem's file; nothing more happens to this stem. */
public record DuplicateSettled(
        String id,
        Instant time,
        String stemId) implements WorkflowEvent {
}
