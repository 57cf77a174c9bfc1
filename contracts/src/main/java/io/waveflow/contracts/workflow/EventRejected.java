package io.waveflow.contracts.workflow;

import java.time.Instant;

/** An inbound event made no sense for the stem's state; recorded, never silently dropped. */
public record EventRejected(
        String id,
        Instant time,
        String stemId,
        String rejectedEventId,
        String rejectedEventType,
        String reason) implements WorkflowEvent {
}
