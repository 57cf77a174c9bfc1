package io.waveflow.tracing;

import io.micrometer.tracing.Span;
import io.waveflow.contracts.AboutStem;

import java.nio.charset.StandardCharsets;

/** The attributes of a record's span: its topic and key, and the stem it is about. */
final class RecordSpans {

    /**
     * Every Waveflow topic is keyed by stemId except the topology's claims repartition topic,
     * keyed by claim key (scope and audio hash).
     */
    private static final String CLAIMS_TOPIC_SUFFIX = "-claims-repartition";

    private RecordSpans() {
    }

    static Span tag(Span span, String topic, Object key) {
        span.tag("messaging.destination.name", topic);
        return tagKey(span, topic, key);
    }

    /** The key, and the stem when the key is a stem id; {@code topic} is where the record was read from, if known. */
    static Span tagKey(Span span, String topic, Object key) {
        String text = key instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8)
                : key == null ? null : key.toString();
        if (text != null) {
            span.tag("messaging.kafka.message.key", text);
            if (topic == null || !topic.endsWith(CLAIMS_TOPIC_SUFFIX)) {
                span.tag(KafkaTracing.STEM_ID, text);
            }
        }
        return span;
    }

    /**
     * The stem a decoded record is about, where its key does not say (a claim, keyed by claim
     * key); a record still in bytes (before the topology's decoder) has none to give.
     */
    static Span tagStem(Span span, Object value) {
        if (value instanceof AboutStem message && message.stemId() != null) {
            span.tag(KafkaTracing.STEM_ID, message.stemId());
        }
        return span;
    }
}
