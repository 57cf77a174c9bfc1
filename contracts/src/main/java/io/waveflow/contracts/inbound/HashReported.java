package io.waveflow.contracts.inbound;

import java.time.Instant;

/** A worker hashed a stem's decoded audio ({@code POST /webhook/hash-check}). */
public record HashReported(
        String id,
        Instant time,
        String stemId,
        String userId,
        String trackId,
        String filepath,
        String audioHash,
        String timestamp,
        String originalFilename,
        String status) implements InboundEvent {
}
