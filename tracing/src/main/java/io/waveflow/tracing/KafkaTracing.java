package io.waveflow.tracing;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import io.waveflow.contracts.TraceHeaders;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

import java.util.HashMap;
import java.util.Map;

/**
 * Spans for one Kafka record at a time: each is a child of the trace context the record carries
 * in its headers (a new trace when it carries none), and writes its own context back into headers,
 * so whatever the record causes downstream continues the same trace. Kafka client interceptors
 * and the Streams processor wrapper are created by Kafka, not by Spring, so they find the
 * service's instance through {@link #installed()}.
 *
 * <p>A record whose span would not be recorded (this service exports nothing, or the record's
 * trace is not sampled) is {@linkplain #passesThrough passed through} untouched: its
 * {@code traceparent} already names a trace, which is all propagation needs, so the off path is
 * one header lookup per record. Only a record without a trace gets one.
 */
public final class KafkaTracing {

    /** Span attribute names every service uses. */
    public static final String STEM_ID = "waveflow.stem_id";
    public static final String TASK_NAME = "waveflow.task.name";
    public static final String TASK_ID = "waveflow.task.id";

    private static final KafkaTracing NOOP = new KafkaTracing(Tracer.NOOP, Propagator.NOOP, false);
    private static volatile KafkaTracing installed = NOOP;

    /** {@code 00-<32 hex>-<16 hex>-<2 hex flags>}: the flags' low digit, whose bit 0 is "sampled". */
    private static final int TRACEPARENT_LENGTH = 55;
    private static final int FLAGS_LOW_DIGIT = 54;

    private final Tracer tracer;
    private final Propagator propagator;
    private final boolean recording;

    /**
     * @param recording whether this service records spans at all (it exports them); when false,
     *                  records that carry a trace pass through untouched
     */
    public KafkaTracing(Tracer tracer, Propagator propagator, boolean recording) {
        this.tracer = tracer;
        this.propagator = propagator;
        this.recording = recording;
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

    /**
     * True when a span for this record would not be recorded, so it needs none and its headers
     * stay as they are: it carries a {@code traceparent} and either this service records nothing
     * or that trace is not sampled (the sampler follows a parent's decision).
     */
    public boolean passesThrough(Headers headers) {
        Header header = headers.lastHeader(TraceHeaders.TRACEPARENT);
        if (header == null || header.value() == null) {
            return false;
        }
        return !recording || !sampled(header.value());
    }

    /** A started span named {@code name}, child of the context in {@code headers}, or a new trace. */
    public Span start(String name, Span.Kind kind, Headers headers) {
        return parent(headers).name(name).kind(kind).tag("messaging.system", "kafka").start();
    }

    /** A started span of work inside this service (no kind), child of the context in {@code headers}. */
    public Span startInternal(String name, Headers headers) {
        return parent(headers).name(name).start();
    }

    private Span.Builder parent(Headers headers) {
        return propagator.extract(headers, (carrier, key) -> TraceHeaders.get(carrier, key));
    }

    private static boolean sampled(byte[] traceparent) {
        // A value that is not a version-00 traceparent counts as sampled: the full path then parses it.
        return traceparent.length != TRACEPARENT_LENGTH
                || (Character.digit(traceparent[FLAGS_LOW_DIGIT], 16) & 1) == 1;
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
