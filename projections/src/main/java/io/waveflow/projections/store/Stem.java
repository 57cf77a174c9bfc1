package io.waveflow.projections.store;

import java.time.Instant;

/**
 * One row of the stem read model. The component names are the seed entity's camelCase field
 * names plus the workflow's own, and are the JSON field names of {@code GET /stems/{stemId}}.
 * {@code stageStartedAt} is when the current stage began (the event time of its latest request,
 * or of the decision that set it); null on rows last written before migration V3.
 */
public record Stem(
        String stemId,
        String userId,
        String trackId,
        String filepath,
        String originalFilename,
        String audioHash,
        String waveformDataPath,
        Long fileSize,
        Double duration,
        Integer sampleRate,
        Integer numPeaks,
        Instant processedAt,
        String status,
        String errorMessage,
        String errorCode,
        String duplicateOf,
        String stage,
        Instant stageStartedAt,
        Integer attempts,
        Instant createdAt,
        Instant updatedAt) {
}
