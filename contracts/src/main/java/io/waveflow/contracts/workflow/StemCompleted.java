package io.waveflow.contracts.workflow;

import java.time.Instant;

/** Analysis succeeded; carries the seed's result fields. {@code time} is the processedAt. */
public record StemCompleted(
        String id,
        Instant time,
        String stemId,
        String audioHash,
        String waveformDataPath,
        Long fileSize,
        Double duration,
        Integer sampleRate,
        Integer numPeaks) implements WorkflowEvent {
}
