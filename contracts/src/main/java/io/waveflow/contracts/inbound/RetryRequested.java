package io.waveflow.contracts.inbound;

import java.time.Instant;

/**
 * An operator asked for a new attempt of the stage the stem failed or is stuck in;
 * {@code requestedBy} is the API token's name, {@code reason} is optional (null when not given).
 */
public record RetryRequested(
        String id,
        Instant time,
        String stemId,
        String requestedBy,
        String reason) implements InboundEvent {
}
