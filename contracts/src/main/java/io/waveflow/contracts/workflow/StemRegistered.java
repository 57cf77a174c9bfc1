package io.waveflow.contracts.workflow;

import java.time.Instant;

/** The workflow saw a stem for the first time. */
public record StemRegistered(
        String id,
        Instant time,
        String stemId,
        String userId,
        String trackId,
        String filepath,
        String originalFilename) implements WorkflowEvent {
}
