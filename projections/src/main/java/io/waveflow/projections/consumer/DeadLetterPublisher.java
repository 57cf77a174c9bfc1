package io.waveflow.projections.consumer;

import io.waveflow.contracts.LogKeys;
import io.waveflow.contracts.deadletter.DeadLetter;
import io.waveflow.contracts.topic.Topics;
import io.waveflow.projections.store.DeadLetterSink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.kafka.core.KafkaTemplate;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Parks unreadable records on the dead-letter topic and returns only once the broker accepted
 * them, so the source offsets are never committed past a record that is neither applied nor parked.
 */
public class DeadLetterPublisher implements DeadLetterSink {

    private static final Logger log = LoggerFactory.getLogger(DeadLetterPublisher.class);

    private final KafkaTemplate<String, DeadLetter> template;
    private final Duration timeout;

    public DeadLetterPublisher(KafkaTemplate<String, DeadLetter> template, Duration timeout) {
        this.template = template;
        this.timeout = timeout;
    }

    /** Throws when a letter could not be written; the caller then lets its batch be retried. */
    @Override
    public void publish(List<DeadLetter> letters) {
        if (letters.isEmpty()) {
            return;
        }
        CompletableFuture<?>[] sends = letters.stream()
                .map(letter -> template.send(Topics.DEAD_LETTER.name(), letter.key(), letter))
                .toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(sends).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            letters.forEach(DeadLetterPublisher::logParked);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while dead-lettering " + letters.size() + " records", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not dead-letter " + letters.size() + " records", e);
        }
    }

    private static void logParked(DeadLetter letter) {
        try (var stem = MDC.putCloseable(LogKeys.STEM_ID, letter.key())) {
            log.warn("Dead-lettered {}-{}@{}: {}", letter.sourceTopic(), letter.sourcePartition(),
                    letter.sourceOffset(), letter.reason());
        }
    }
}
