package io.waveflow.contracts.inbound;

import java.time.Instant;

/**
 * A worker finished a task ({@code POST /webhook/completion}). {@code task} is the Celery task
 * name when the worker named it, else null and the workflow matches the stem's current stage.
 */
public record ProcessingCompleted(
        String id,
        Instant time,
        String stemId,
        String task,
        String status,
        String timestamp,
        CompletionResult result) implements InboundEvent {

    public static final String SUCCESS = "SUCCESS";

    public boolean succeeded() {
        return SUCCESS.equals(status);
    }
}
