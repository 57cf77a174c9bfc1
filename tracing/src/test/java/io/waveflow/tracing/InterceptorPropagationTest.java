package io.waveflow.tracing;

import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelPropagator;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.waveflow.contracts.TraceHeaders;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The interceptors carry a record's trace from what is consumed to what is produced, each hop
 * naming its own span, with the sampler of a service that exports nothing (nothing recorded).
 */
class InterceptorPropagationTest {

    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String CALLER = "00-" + TRACE + "-00f067aa0ba902b7-01";

    private SdkTracerProvider provider;
    private KafkaTracing tracing;

    @BeforeEach
    void installTracing() {
        provider = SdkTracerProvider.builder().setSampler(Sampler.alwaysOff()).build();
        var otelTracer = provider.get("test");
        OtelTracer tracer = new OtelTracer(otelTracer, new OtelCurrentTraceContext(), event -> { });
        var propagator = new OtelPropagator(ContextPropagators.create(W3CTraceContextPropagator.getInstance()),
                otelTracer);
        tracing = new KafkaTracing(tracer, propagator);
        KafkaTracing.install(tracing);
    }

    @AfterEach
    void uninstall() {
        tracing.uninstall();
        provider.close();
    }

    @Test
    void shouldContinueTheRecordsTraceFromConsumeToProduce() {
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
    }

    @Test
    void shouldStartATraceForARecordWithoutOne() {
        ConsumerRecord<byte[], byte[]> consumed = record(null);

        new TracingConsumerInterceptor<byte[], byte[]>().onConsume(batch(consumed));

        assertThat(TraceHeaders.traceId(TraceHeaders.get(consumed.headers(), TraceHeaders.TRACEPARENT)))
                .matches("[0-9a-f]{32}").isNotEqualTo("0".repeat(32));
    }

    @Test
    void shouldLeaveChangelogRecordsAlone() {
        ProducerRecord<byte[], byte[]> changelog = new ProducerRecord<>("app-stem-state-changelog", null,
                "s1".getBytes(), new byte[0], record(CALLER).headers());

        assertThat(new TracingProducerInterceptor<byte[], byte[]>().onSend(changelog)).isSameAs(changelog);
    }

    private static ConsumerRecord<byte[], byte[]> record(String traceparent) {
        RecordHeaders headers = new RecordHeaders();
        if (traceparent != null) {
            TraceHeaders.set(headers, TraceHeaders.TRACEPARENT, traceparent);
        }
        return new ConsumerRecord<>("waveflow.inbound.v1", 0, 7L, 0L, org.apache.kafka.common.record.TimestampType.CREATE_TIME,
                2, 0, "s1".getBytes(), new byte[0], headers, java.util.Optional.empty());
    }

    private static ConsumerRecords<byte[], byte[]> batch(ConsumerRecord<byte[], byte[]> record) {
        return new ConsumerRecords<>(Map.of(new TopicPartition(record.topic(), 0), List.of(record)), Map.of());
    }
}
