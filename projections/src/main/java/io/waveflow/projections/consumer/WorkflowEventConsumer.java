package io.waveflow.projections.consumer;

import io.waveflow.contracts.deadletter.DeadLetter;
import io.waveflow.contracts.workflow.WorkflowEvent;
import io.waveflow.projections.store.Applied;
import io.waveflow.projections.store.StemProjector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.kafka.listener.BatchAcknowledgingMessageListener;
import org.springframework.kafka.support.Acknowledgment;

import java.util.List;

/**
 * Listens to the workflow topic in batches: decodes, projects the events in one database
 * transaction, parks unreadable records, and only then acknowledges. Any failure propagates, so
 * the container's error handler retries the whole batch and no offset moves past unwritten data.
 */
public class WorkflowEventConsumer implements BatchAcknowledgingMessageListener<String, byte[]> {

    private static final Logger log = LoggerFactory.getLogger(WorkflowEventConsumer.class);

    /** MDC key carrying the stem a log line is about. */
    public static final String STEM_ID = "stemId";

    private final BatchDecoder decoder;
    private final StemProjector projector;
    private final DeadLetterPublisher deadLetters;

    public WorkflowEventConsumer(BatchDecoder decoder, StemProjector projector, DeadLetterPublisher deadLetters) {
        this.decoder = decoder;
        this.projector = projector;
        this.deadLetters = deadLetters;
    }

    @Override
    public void onMessage(List<ConsumerRecord<String, byte[]>> records, Acknowledgment acknowledgment) {
        DecodedBatch batch = decoder.decode(records);
        Applied applied = projector.apply(batch.events());
        deadLetters.publish(batch.deadLetters());
        acknowledgment.acknowledge();

        applied.applied().forEach(WorkflowEventConsumer::logApplied);
        batch.deadLetters().forEach(WorkflowEventConsumer::logDeadLettered);
        log.info("Projected batch of {} records: {} applied, {} already applied, {} dead-lettered",
                records.size(), applied.applied().size(), applied.alreadyApplied(), batch.deadLetters().size());
    }

    private static void logApplied(WorkflowEvent event) {
        try (var stem = MDC.putCloseable(STEM_ID, event.stemId())) {
            log.debug("Applied {} {}", event.getClass().getSimpleName(), event.id());
        }
    }

    private static void logDeadLettered(DeadLetter letter) {
        try (var stem = MDC.putCloseable(STEM_ID, letter.key())) {
            log.warn("Dead-lettered {}-{}@{}: {}", letter.sourceTopic(), letter.sourcePartition(),
                    letter.sourceOffset(), letter.reason());
        }
    }
}
