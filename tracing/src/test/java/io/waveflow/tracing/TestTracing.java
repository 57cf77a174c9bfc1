package io.waveflow.tracing;

import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelPropagator;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link KafkaTracing} on the OpenTelemetry SDK as {@code TracingAutoConfiguration} builds it,
 * installed for the Kafka-created interceptors and processors: {@link #off()} as a service that
 * exports nothing, {@link #recording()} as one that exports every trace, into {@link #spans()};
 * {@link #exportingNowhere} as a service exporting in batches, for {@link TracingCostBenchmark}.
 */
final class TestTracing implements AutoCloseable {

    private final SdkTracerProvider provider;
    private final KafkaTracing tracing;
    private final List<SpanData> finished = new CopyOnWriteArrayList<>();

    private TestTracing(boolean recording, boolean keep) {
        SpanExporter exporter = new ListExporter(keep);
        provider = SdkTracerProvider.builder()
                .setSampler(recording ? Sampler.parentBased(Sampler.alwaysOn()) : Sampler.alwaysOff())
                .addSpanProcessor(keep ? SimpleSpanProcessor.create(exporter) : BatchSpanProcessor.builder(exporter).build())
                .build();
        var otelTracer = provider.get("test");
        OtelTracer tracer = new OtelTracer(otelTracer, new OtelCurrentTraceContext(), event -> { });
        var propagator = new OtelPropagator(ContextPropagators.create(W3CTraceContextPropagator.getInstance()),
                otelTracer);
        tracing = new KafkaTracing(tracer, propagator, recording);
        KafkaTracing.install(tracing);
    }

    static TestTracing off() {
        return new TestTracing(false, true);
    }

    static TestTracing recording() {
        return new TestTracing(true, true);
    }

    /** Recording (or not) as a service does, exporting in batches to an exporter that drops them. */
    static TestTracing exportingNowhere(boolean recording) {
        return new TestTracing(recording, false);
    }

    KafkaTracing tracing() {
        return tracing;
    }

    List<SpanData> spans() {
        return List.copyOf(finished);
    }

    @Override
    public void close() {
        tracing.uninstall();
        provider.close();
    }

    private final class ListExporter implements SpanExporter {

        private final boolean keep;

        ListExporter(boolean keep) {
            this.keep = keep;
        }

        @Override
        public CompletableResultCode export(Collection<SpanData> spans) {
            if (keep) {
                finished.addAll(spans);
            }
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode flush() {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
        }
    }
}
