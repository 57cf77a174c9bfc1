package io.waveflow.projections.consumer;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.waveflow.contracts.LogKeys;
import io.waveflow.contracts.TraceHeaders;
import io.waveflow.contracts.deadletter.DeadLetter;
import io.waveflow.contracts.topic.Topics;
import io.waveflow.projections.store.ConsumedRecord;
import io.waveflow.projections.store.DeadLetterSink;
import io.waveflow.tracing.KafkaTracing;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
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
 * A dead letter keeps the trace of the record it parks: it carries that record's
 * {@code traceparent}, or, where spans are recorded, the one of a span continuing it.
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
        publishUnreadable(letters.stream().map(ConsumedRecord::unreadable).toList());
    }

    @Override
    public void publishUnreadable(List<ConsumedRecord> unreadable) {
        if (unreadable.isEmpty()) {
            return;
        }
        List<DeadLetter> letters = unreadable.stream().map(ConsumedRecord::deadLetter).toList();
        KafkaTracing tracing = KafkaTracing.installed();
        CompletableFuture<?>[] sends = unreadable.stream()
                .map(record -> send(tracing, record))
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

    private CompletableFuture<?> send(KafkaTracing tracing, ConsumedRecord record) {
        DeadLetter letter = record.deadLetter();
        Headers headers = new RecordHeaders();
        if (record.traceparent() == null) {
            return send(letter, headers);
        }
        TraceHeaders.set(headers, TraceHeaders.TRACEPARENT, record.traceparent());
        if (tracing.passesThrough(headers)) {
            // Nothing is recorded: the failed record's own traceparent goes on the letter.
            return send(letter, headers);
        }
        Span span = tracing.start("dead-letter " + record.topic(), Span.Kind.PRODUCER, headers);
        if (letter.key() != null) {
            span.tag(KafkaTracing.STEM_ID, letter.key());
        }
        tracing.inject(span, headers);
        // In scope too, so a template observation's span continues it rather than starting a trace.
        try (Tracer.SpanInScope scope = tracing.inScope(span)) {
            return send(letter, headers);
        } finally {
            span.end();
        }
    }

    private CompletableFuture<?> send(DeadLetter letter, Headers headers) {
        return template.send(new ProducerRecord<>(Topics.DEAD_LETTER.name(), null, letter.key(), letter, headers));
    }

    private static void logParked(DeadLetter letter) {
        try (var stem = MDC.putCloseable(LogKeys.STEM_ID, letter.key())) {
            log.warn("Dead-lettered {}-{}@{}: {}", letter.sourceTopic(), letter.sourcePartition(),
                    letter.sourceOffset(), letter.reason());
        }
    }
}
