package io.waveflow.workflow.config;

import io.waveflow.contracts.deadletter.DeadLetter;
import io.waveflow.contracts.deadletter.DeadLetters;
import io.waveflow.contracts.topic.Topics;
import io.waveflow.workflow.topology.WorkflowObserver;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Writes the input record that the topology could not process, or whose output Kafka refused,
 * to {@code waveflow.deadletter.v1} with the reason, for the exception handlers. A handler has no
 * processor context to forward to, so this is a producer of its own, outside the stream's
 * transaction: the dead letter is acknowledged before the handler lets the stream go on, so no
 * input is skipped unrecorded; an aborted transaction re-runs the input and may write its dead
 * letter again (at least once, like every dead-letter path).
 */
public final class DeadLetterWriter implements AutoCloseable {

    /** Key under which the runner hands this writer to the handlers through the Streams config. */
    static final String CONFIG_KEY = "waveflow.workflow.dead-letter-writer";
    static final String FAILED_IN = "workflow-streams";

    private static final Logger log = LoggerFactory.getLogger(DeadLetterWriter.class);
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);

    private final Producer<String, DeadLetter> producer;
    private final WorkflowObserver observer;

    DeadLetterWriter(Producer<String, DeadLetter> producer, WorkflowObserver observer) {
        this.producer = producer;
        this.observer = observer;
    }

    /** A writer whose producer has the connection of {@code producerConfig} ({@code spring.kafka.*}). */
    static DeadLetterWriter connect(Map<String, Object> producerConfig, WorkflowObserver observer) {
        Map<String, Object> config = new HashMap<>(producerConfig);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 20_000);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) SEND_TIMEOUT.toMillis());
        config.put(ProducerConfig.CLIENT_ID_CONFIG, FAILED_IN + "-dead-letters");
        config.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        return new DeadLetterWriter(new KafkaProducer<>(config, new StringSerializer(),
                Topics.DEAD_LETTER.valueSerde().serializer()), observer);
    }

    /** The writer the runner put into the Streams config, for a handler's {@code configure}. */
    static DeadLetterWriter from(Map<String, ?> configs) {
        Object writer = configs.get(CONFIG_KEY);
        if (!(writer instanceof DeadLetterWriter deadLetterWriter)) {
            throw new IllegalStateException(CONFIG_KEY + " is not set: the handlers need the runner's writer");
        }
        return deadLetterWriter;
    }

    /**
     * Writes the input of {@code context} with {@code reason}; true once Kafka acknowledged it.
     * A punctuation (a deadline sweep) has no input record: its dead letter names the processor.
     */
    boolean write(ErrorHandlerContext context, String reason) {
        String source = context.topic() != null ? context.topic() : "punctuation:" + context.processorNodeId();
        byte[] rawKey = context.sourceRawKey();
        DeadLetter letter = DeadLetters.of(source, context.partition(), context.offset(), rawKey,
                context.sourceRawValue(), reason, FAILED_IN, Instant.now());
        String key = rawKey == null ? null : new String(rawKey, StandardCharsets.UTF_8);
        try {
            producer.send(new ProducerRecord<>(Topics.DEAD_LETTER.name(), key, letter))
                    .get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | TimeoutException e) {
            log.error("could not dead-letter {}-{}@{}: {}", source, context.partition(), context.offset(),
                    e.toString());
            return false;
        }
        observer.deadLettered(source);
        return true;
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
