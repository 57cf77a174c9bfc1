package io.waveflow.tracing;

import io.micrometer.tracing.Span;
import org.apache.kafka.clients.producer.ProducerInterceptor;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.util.Map;

/**
 * A producer span ({@code send <topic>}) per record sent, child of the trace context already in
 * the record's headers (in a Kafka Streams topology: the input record's, copied to what it
 * forwards); the record goes out naming this span. For producers that carry the context in their
 * headers rather than in the thread (Kafka Streams: {@code producer.interceptor.classes}); a
 * KafkaTemplate uses spring-kafka's observation instead. State-store changelogs are not hops of a
 * stem and get no span; a record whose span would not be recorded goes out as it is
 * ({@link KafkaTracing#passesThrough}).
 */
public class TracingProducerInterceptor<K, V> implements ProducerInterceptor<K, V> {

    private static final String CHANGELOG_SUFFIX = "-changelog";

    @Override
    public ProducerRecord<K, V> onSend(ProducerRecord<K, V> record) {
        KafkaTracing tracing = KafkaTracing.installed();
        if (record.topic().endsWith(CHANGELOG_SUFFIX) || tracing.passesThrough(record.headers())) {
            return record;
        }
        Span span = tracing.start("send " + record.topic(), Span.Kind.PRODUCER, record.headers());
        RecordSpans.tag(span, record.topic(), record.key());
        // A copy: the caller may send the same headers object more than once.
        RecordHeaders headers = new RecordHeaders(record.headers().toArray());
        tracing.inject(span, headers);
        span.end();
        return new ProducerRecord<>(record.topic(), record.partition(), record.timestamp(), record.key(),
                record.value(), headers);
    }

    @Override
    public void onAcknowledgement(RecordMetadata metadata, Exception exception) {
    }

    @Override
    public void close() {
    }

    @Override
    public void configure(Map<String, ?> configs) {
    }
}
