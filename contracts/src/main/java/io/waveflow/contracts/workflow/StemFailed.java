package io.waveflow.contracts.workflow;

import io.waveflow.contracts.Stage;

import java.time.Instant;

/**
 * The stem failed for good in {@code stage}; {@code reason} is {@code worker-error} or
 * {@code timeout}, with the worker's error code and message when it sent them.
 */
public record StemFailed(
        String id,
        Instant time,
        String stemId,
        Stage stage,
        String reason,
        String errorCode,
        String errorMessage) implements WorkflowEvent {
}
