package io.waveflow.projections.consumer;

import io.waveflow.contracts.deadletter.DeadLetter;
import io.waveflow.contracts.workflow.WorkflowEvent;

import java.util.List;

/** A polled batch split into the events to project, in Kafka order, and the records to park. */
public record DecodedBatch(List<WorkflowEvent> events, List<DeadLetter> deadLetters) {
}
