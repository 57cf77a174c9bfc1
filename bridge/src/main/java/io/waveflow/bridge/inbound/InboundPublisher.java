package io.waveflow.bridge.inbound;

import io.waveflow.contracts.LogKeys;
import io.waveflow.contracts.inbound.InboundEvent;
import io.waveflow.contracts.topic.Topics;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.kafka.KafkaException;
import org.springframework.kafka.core.KafkaTemplate;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Writes an inbound event to its topic (key = stemId) and returns only once the broker has
 * acknowledged it (acks=all, idempotent producer), so a webhook answered 2xx is never lost
 * and an outbox row is marked processed only once its event is stored.
 */
public class InboundPublisher {

    private static final Logger log = LoggerFactory.getLogger(InboundPublisher.class);

    private final KafkaTemplate<String, InboundEvent> template;
    private final Duration timeout;

    public InboundPublisher(KafkaTemplate<String, InboundEvent> template, Duration timeout) {
        this.template = template;
        this.timeout = timeout;
    }

    public void publish(InboundEvent event) {
        try (MDC.MDCCloseable ignored = MDC.putCloseable(LogKeys.STEM_ID, event.stemId())) {
            RecordMetadata stored = send(event);
            log.info("Stored {} {} at {}-{}@{}", event.getClass().getSimpleName(), event.id(),
                    stored.topic(), stored.partition(), stored.offset());
        }
    }

    private RecordMetadata send(InboundEvent event) {
        try {
            return template.send(Topics.INBOUND.name(), event.stemId(), event)
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    .getRecordMetadata();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failed(event, e);
        } catch (ExecutionException e) {
            throw failed(event, e.getCause());
        } catch (TimeoutException | KafkaException e) {
            throw failed(event, e);
        }
    }

    private PublishFailedException failed(InboundEvent event, Throwable cause) {
        log.warn("Kafka did not acknowledge {} {} within {}: {}", event.getClass().getSimpleName(), event.id(),
                timeout, cause.toString());
        return new PublishFailedException("event " + event.id() + " was not stored", cause);
    }
}
