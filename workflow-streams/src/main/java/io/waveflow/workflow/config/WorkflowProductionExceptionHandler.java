package io.waveflow.workflow.config;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

/**
 * What the topology does when Kafka refuses one of its output records. A retriable error (the
 * broker is away, a leader moves) is retried. Anything else (a record too large, a value that
 * does not serialize) would refuse the same output forever: the input that caused it goes to
 * the dead-letter topic with the reason and the stream goes on, so the output is never lost
 * silently and one record never stops every decision. If the dead letter cannot be written
 * either, the thread fails without committing and the input is retried.
 */
public class WorkflowProductionExceptionHandler implements ProductionExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(WorkflowProductionExceptionHandler.class);

    private DeadLetterWriter deadLetters;

    @Override
    public ProductionExceptionHandlerResponse handle(ErrorHandlerContext context,
                                                     ProducerRecord<byte[], byte[]> record, Exception exception) {
        if (exception instanceof RetriableException) {
            log.warn("retrying output to {} after {}", record.topic(), exception.toString());
            return ProductionExceptionHandlerResponse.RETRY;
        }
        return deadLetter(context, "output to " + record.topic() + " refused: " + exception);
    }

    @Override
    @SuppressWarnings("rawtypes")
    public ProductionExceptionHandlerResponse handleSerializationException(ErrorHandlerContext context,
                                                                           ProducerRecord record, Exception exception,
                                                                           SerializationExceptionOrigin origin) {
        return deadLetter(context, "output to " + record.topic() + " does not serialize (" + origin + "): "
                + exception);
    }

    private ProductionExceptionHandlerResponse deadLetter(ErrorHandlerContext context, String reason) {
        log.error("dead-lettering input {}-{}@{}: {}", context.topic(), context.partition(), context.offset(),
                reason);
        return deadLetters.write(context, reason) ? ProductionExceptionHandlerResponse.CONTINUE
                : ProductionExceptionHandlerResponse.FAIL;
    }

    @Override
    public void configure(Map<String, ?> configs) {
        deadLetters = DeadLetterWriter.from(configs);
    }
}
