package io.waveflow.contracts;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

import java.nio.charset.StandardCharsets;

/**
 * The one home of the W3C trace-context header ({@code traceparent}) on every hop: HTTP webhooks,
 * Kafka record headers and the Celery message headers all carry it under this name, so one
 * stem's upload, hash, analysis and completion are one trace. The services read and write it
 * through their tracer's propagator; these helpers are the Kafka carrier both sides agree on.
 */
public final class TraceHeaders {

    /** W3C Trace Context: {@code 00-<32 hex trace id>-<16 hex parent span id>-<2 hex flags>}. */
    public static final String TRACEPARENT = "traceparent";

    private TraceHeaders() {
    }

    /** The last value of {@code name} in {@code headers} as text, or null. */
    public static String get(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** Sets {@code name} to {@code value}, replacing what the record carried (a record has one parent). */
    public static void set(Headers headers, String name, String value) {
        headers.remove(name);
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    /** The trace id of a {@code traceparent} value, or null when the value is not one. */
    public static String traceId(String traceparent) {
        if (traceparent == null || traceparent.length() < 55 || traceparent.charAt(2) != '-') {
            return null;
        }
        return traceparent.substring(3, 35);
    }
}
