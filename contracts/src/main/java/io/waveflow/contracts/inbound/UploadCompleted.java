package io.waveflow.contracts.inbound;

import java.time.Instant;

/**
 * A stem finished uploading ({@code POST /upload-complete}); {@code timestamp} is the seed's
 * ISO-8601 field that travels on to the hash task.
 */
public record UploadCompleted(
        String id,
        Instant time,
        String stemId,
        String userId,
        String trackId,
        String filepath,
        String originalFilename,
        String timestamp) implements InboundEvent {
}
