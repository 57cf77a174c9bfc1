package io.waveflow.contracts.inbound;

import java.time.Instant;

/**
 * An operator asked to give up on the stem; {@code requestedBy} is the API token's name,
 * {@code reason} is optional (null when not given).
 */
public record CancelRequested(
        String id,
        Instant time,
        String stemId,
        String requestedBy,
        String reason) implements InboundEvent {
}
