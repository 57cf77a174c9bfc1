package io.waveflow.workflow.config;

import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

/**
 * What the topology does when processing one record throws (a record the workflow cannot
 * handle, a bug): the record goes to the dead-letter topic with the exception as the reason and
 * the stream goes on with the next one, so one poison record never stops every decision. The
 * stem processor calls everything that can throw before it writes state or forwards, so a
 * skipped record leaves no half-applied transition. If even the dead letter cannot be written,
 * the thread fails (and is replaced) without committing: the record is retried, never dropped.
 */
public class WorkflowProcessingExceptionHandler implements ProcessingExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(WorkflowProcessingExceptionHandler.class);

    private DeadLetterWriter deadLetters;

    @Override
    public ProcessingHandlerResponse handle(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
        String reason = "processing failed in " + context.processorNodeId() + ": " + exception;
        log.error("dead-lettering {}-{}@{} (key {}): {}", context.topic(), context.partition(), context.offset(),
                record == null ? null : record.key(), reason, exception);
        return deadLetters.write(context, reason) ? ProcessingHandlerResponse.CONTINUE
                : ProcessingHandlerResponse.FAIL;
    }

    @Override
    public void configure(Map<String, ?> configs) {
        deadLetters = DeadLetterWriter.from(configs);
    }
}
