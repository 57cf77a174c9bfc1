package io.waveflow.contracts.workflow;

import java.time.Instant;

/** Another stem already owns this audio hash in the scope; this stem is its duplicate. */
public record DuplicateDetected(
        String id,
        Instant time,
        String stemId,
        String audioHash,
        String ownerStemId) implements WorkflowEvent {
}
