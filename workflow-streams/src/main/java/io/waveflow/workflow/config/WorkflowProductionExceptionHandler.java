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
 * broker is away, a leader moves) is retried; anything else stops the stream thread so the
 * input is neither committed nor skipped: the work waits until an operator fixes the cause.
 * Never CONTINUE: under exactly-once that would commit the input and lose the output.
 */
public class WorkflowProductionExceptionHandler implements ProductionExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(WorkflowProductionExceptionHandler.class);

    @Override
    public ProductionExceptionHandlerResponse handle(ErrorHandlerContext context,
                                                     ProducerRecord<byte[], byte[]> record, Exception exception) {
        if (exception instanceof RetriableException) {
            log.warn("retrying output to {} after {}", record.topic(), exception.toString());
            return ProductionExceptionHandlerResponse.RETRY;
        }
        log.error("cannot write output to {} (input {}-{}@{}); stopping so nothing is skipped", record.topic(),
                context.topic(), context.partition(), context.offset(), exception);
        return ProductionExceptionHandlerResponse.FAIL;
    }

    @Override
    public void configure(Map<String, ?> configs) {
    }
}
