package io.waveflow.contracts.workflow;

import java.time.Instant;

/** The owning application deleted the stem; its hash claim, if it held one, was released. */
public record StemRemoved(
        String id,
        Instant time,
        String stemId) implements WorkflowEvent {
}
