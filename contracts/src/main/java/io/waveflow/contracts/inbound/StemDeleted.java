package io.waveflow.contracts.inbound;

import java.time.Instant;

/** The owning application deleted a stem; its hash claim is released. */
public record StemDeleted(
        String id,
        Instant time,
        String stemId,
        String userId,
        String trackId) implements InboundEvent {
}
