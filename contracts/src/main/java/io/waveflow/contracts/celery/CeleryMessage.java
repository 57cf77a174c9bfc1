package io.waveflow.contracts.celery;

/**
 * A decoded SQS message: the task, the queue name it was routed to, and the W3C
 * {@code traceparent} among its headers (null when the sender put none).
 */
public record CeleryMessage(CeleryTask task, String routingKey, String traceparent) {

    public CeleryMessage(CeleryTask task, String routingKey) {
        this(task, routingKey, null);
    }
}
