package io.waveflow.tracing;

import io.micrometer.tracing.Span;
import org.apache.kafka.clients.consumer.ConsumerInterceptor;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.util.Map;

/**
 * A consumer span ({@code process <topic>}) per record received, child of the trace context the
 * record carries; the record's {@code traceparent} header then names this span, so what a Kafka
 * Streams topology forwards from the record (processors forward {@code record.withKey/withValue},
 * which keeps its headers) or what a consumer does with it continues the trace. Set as
 * {@code interceptor.classes} of a consumer (Kafka Streams: {@code main.consumer.interceptor.classes}).
 * The span marks receipt; it ends at once and does not time the processing. A record whose span
 * would not be recorded keeps its headers ({@link KafkaTracing#passesThrough}).
 */
public class TracingConsumerInterceptor<K, V> implements ConsumerInterceptor<K, V> {

    @Override
    public ConsumerRecords<K, V> onConsume(ConsumerRecords<K, V> records) {
        KafkaTracing tracing = KafkaTracing.installed();
        for (ConsumerRecord<K, V> record : records) {
            if (tracing.passesThrough(record.headers())) {
                continue;
            }
            Span span = tracing.start("process " + record.topic(), Span.Kind.CONSUMER, record.headers());
            RecordSpans.tag(span, record.topic(), record.key())
                    .tag("messaging.kafka.destination.partition", record.partition())
                    .tag("messaging.kafka.message.offset", record.offset());
            tracing.inject(span, record.headers());
            span.end();
        }
        return records;
    }

    @Override
    public void onCommit(Map<TopicPartition, OffsetAndMetadata> offsets) {
    }

    @Override
    public void close() {
    }

    @Override
    public void configure(Map<String, ?> configs) {
    }
}
