package io.waveflow.tracing;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import io.waveflow.contracts.TraceHeaders;
import org.apache.kafka.common.header.Headers;

import java.util.HashMap;
import java.util.Map;

/**
 * Spans for one Kafka record at a time: each is a child of the trace context the record carries
 * in its headers (a new trace when it carries none), and writes its own context back into headers,
 * so whatever the record causes downstream continues the same trace. Kafka client interceptors
 * are created by the client, not by Spring, so they find the service's instance through
 * {@link #installed()}.
 */
public final class KafkaTracing {

    /** Span attribute names every service uses. */
    public static final String STEM_ID = "waveflow.stem_id";
    public static final String TASK_NAME = "waveflow.task.name";
    public static final String TASK_ID = "waveflow.task.id";

    private static final KafkaTracing NOOP = new KafkaTracing(Tracer.NOOP, Propagator.NOOP);
    private static volatile KafkaTracing installed = NOOP;

    private final Tracer tracer;
    private final Propagator propagator;

    public KafkaTracing(Tracer tracer, Propagator propagator) {
        this.tracer = tracer;
        this.propagator = propagator;
    }

    /** No spans, no header changes: for code and tests that run without a tracer. */
    public static KafkaTracing noop() {
        return NOOP;
    }

    /** The instance of this JVM's running application context, or {@link #noop()}. */
    public static KafkaTracing installed() {
        return installed;
    }

    static void install(KafkaTracing tracing) {
        installed = tracing;
    }

    /** Called when the application context closes; a newer context's instance stays. */
    public void uninstall() {
        if (installed == this) {
            installed = NOOP;
        }
    }

    /** A started span named {@code name}, child of the context in {@code headers}, or a new trace. */
    public Span start(String name, Span.Kind kind, Headers headers) {
        return propagator.extract(headers, (carrier, key) -> TraceHeaders.get(carrier, key))
                .name(name).kind(kind).tag("messaging.system", "kafka").start();
    }

    /** Writes the span's context into {@code headers}, replacing the parent's. */
    public void inject(Span span, Headers headers) {
        propagator.inject(span.context(), headers, (carrier, key, value) -> TraceHeaders.set(carrier, key, value));
    }

    /** The span's W3C {@code traceparent}, or null without a tracer. */
    public String traceparent(Span span) {
        Map<String, String> fields = new HashMap<>();
        propagator.inject(span.context(), fields, Map::put);
        return fields.get(TraceHeaders.TRACEPARENT);
    }

    /** Makes {@code span} current (its trace and span ids join the log lines' MDC) until closed. */
    public Tracer.SpanInScope inScope(Span span) {
        return tracer.withSpan(span);
    }
}
