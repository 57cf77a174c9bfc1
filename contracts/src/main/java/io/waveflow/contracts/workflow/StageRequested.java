package io.waveflow.contracts.workflow;

import io.waveflow.contracts.Stage;

import java.time.Instant;

/** The workflow commanded a worker stage; attempt 2 and above are retries. */
public record StageRequested(
        String id,
        Instant time,
        String stemId,
        Stage stage,
        int attempt,
        String taskId) implements WorkflowEvent {
}
