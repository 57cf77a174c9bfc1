package io.waveflow.contracts.workflow;

import java.time.Instant;

/**
 * An operator cancelled the stem: it ends here, its hash claim (if it held one) was released,
 * and later webhooks for it are rejected. {@code reason} is null when the operator gave none.
 */
public record StemCancelled(
        String id,
        Instant time,
        String stemId,
        String requestedBy,
        String reason) implements WorkflowEvent {
}
