package io.waveflow.contracts.workflow;

import java.time.Instant;

/** The stem is the first to report its audio hash in its scope and now owns it. */
public record HashClaimed(
        String id,
        Instant time,
        String stemId,
        String audioHash) implements WorkflowEvent {
}
