package io.waveflow.contracts.celery;

/** A decoded SQS message: the task and the queue name it was routed to. */
public record CeleryMessage(CeleryTask task, String routingKey) {
}
