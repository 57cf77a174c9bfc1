package io.waveflow.tracing;

import io.opentelemetry.sdk.trace.data.SpanData;
import io.waveflow.contracts.TraceHeaders;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The interceptors carry a record's trace from what is consumed to what is produced: a service
 * that records spans names its own span on each hop; one that exports nothing leaves a record
 * that carries a trace as it is and only gives a record without one a trace.
 */
class InterceptorPropagationTest {

    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String CALLER = "00-" + TRACE + "-00f067aa0ba902b7-01";

    @Test
    void shouldContinueTheRecordsTraceFromConsumeToProduceInSpansOfTheirOwn() {
        try (TestTracing tracing = TestTracing.recording()) {
            // given a consumed record that carries the caller's context
            ConsumerRecord<byte[], byte[]> consumed = record(CALLER);

            // when
            new TracingConsumerInterceptor<byte[], byte[]>().onConsume(batch(consumed));
            String afterConsume = TraceHeaders.get(consumed.headers(), TraceHeaders.TRACEPARENT);
            ProducerRecord<byte[], byte[]> sent = new TracingProducerInterceptor<byte[], byte[]>().onSend(
                    new ProducerRecord<>("waveflow.commands.v1", null, "s1".getBytes(), new byte[0], consumed.headers()));
            String afterSend = TraceHeaders.get(sent.headers(), TraceHeaders.TRACEPARENT);

            // then
            assertThat(TraceHeaders.traceId(afterConsume)).isEqualTo(TRACE);
            assertThat(TraceHeaders.traceId(afterSend)).isEqualTo(TRACE);
            assertThat(List.of(CALLER, afterConsume, afterSend)).doesNotHaveDuplicates();
            assertThat(sent.headers().headers(TraceHeaders.TRACEPARENT)).hasSize(1);
            assertThat(tracing.spans()).extracting(SpanData::getName)
                    .containsExactly("process waveflow.inbound.v1", "send waveflow.commands.v1");
            assertThat(tracing.spans()).allSatisfy(span -> assertThat(span.getAttributes().asMap())
                    .anySatisfy((key, value) -> {
                        assertThat(key.getKey()).isEqualTo(KafkaTracing.STEM_ID);
                        assertThat(value).isEqualTo("s1");
                    }));
            assertThat(tracing.spans().get(1).getParentSpanId()).isEqualTo(tracing.spans().get(0).getSpanId());
        }
    }

    @Test
    void shouldPassARecordThatCarriesATraceThroughUntouchedWhenExportingNothing() {
        try (TestTracing tracing = TestTracing.off()) {
            ConsumerRecord<byte[], byte[]> consumed = record(CALLER);

            new TracingConsumerInterceptor<byte[], byte[]>().onConsume(batch(consumed));
            ProducerRecord<byte[], byte[]> toSend = new ProducerRecord<>("waveflow.commands.v1", null,
                    "s1".getBytes(), new byte[0], consumed.headers());
            ProducerRecord<byte[], byte[]> sent = new TracingProducerInterceptor<byte[], byte[]>().onSend(toSend);

            assertThat(TraceHeaders.get(consumed.headers(), TraceHeaders.TRACEPARENT)).isEqualTo(CALLER);
            assertThat(sent).isSameAs(toSend);
            assertThat(tracing.spans()).isEmpty();
        }
    }

    @Test
    void shouldPassAnUnsampledTraceThroughWhileExporting() {
        try (TestTracing tracing = TestTracing.recording()) {
            String unsampled = "00-" + TRACE + "-00f067aa0ba902b7-00";
            ConsumerRecord<byte[], byte[]> consumed = record(unsampled);

            new TracingConsumerInterceptor<byte[], byte[]>().onConsume(batch(consumed));

            assertThat(TraceHeaders.get(consumed.headers(), TraceHeaders.TRACEPARENT)).isEqualTo(unsampled);
            assertThat(tracing.spans()).isEmpty();
        }
    }

    @Test
    void shouldStartATraceForARecordWithoutOneEvenWhenExportingNothing() {
        try (TestTracing tracing = TestTracing.off()) {
            ConsumerRecord<byte[], byte[]> consumed = record(null);

            new TracingConsumerInterceptor<byte[], byte[]>().onConsume(batch(consumed));

            assertThat(TraceHeaders.traceId(TraceHeaders.get(consumed.headers(), TraceHeaders.TRACEPARENT)))
                    .matches("[0-9a-f]{32}").isNotEqualTo("0".repeat(32));
        }
    }

    @Test
    void shouldLeaveChangelogRecordsAlone() {
        try (TestTracing tracing = TestTracing.recording()) {
            ProducerRecord<byte[], byte[]> changelog = new ProducerRecord<>("app-stem-state-changelog", null,
                    "s1".getBytes(), new byte[0], record(CALLER).headers());

            assertThat(new TracingProducerInterceptor<byte[], byte[]>().onSend(changelog)).isSameAs(changelog);
            assertThat(tracing.spans()).isEmpty();
        }
    }

    static ConsumerRecord<byte[], byte[]> record(String traceparent) {
        RecordHeaders headers = new RecordHeaders();
        if (traceparent != null) {
            TraceHeaders.set(headers, TraceHeaders.TRACEPARENT, traceparent);
        }
        return new ConsumerRecord<>("waveflow.inbound.v1", 0, 7L, 0L, TimestampType.CREATE_TIME,
                2, 0, "s1".getBytes(), new byte[0], headers, Optional.empty());
    }

    static ConsumerRecords<byte[], byte[]> batch(ConsumerRecord<byte[], byte[]> record) {
        return new ConsumerRecords<>(Map.of(new TopicPartition(record.topic(), 0), List.of(record)), Map.of());
    }
}
