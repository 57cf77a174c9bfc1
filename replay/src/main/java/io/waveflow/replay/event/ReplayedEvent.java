package io.waveflow.replay.event;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloudevents.CloudEvent;

import java.time.Instant;

/**
 * One event as replay read it: the CloudEvent, its data as a JSON tree, and where it was in
 * Kafka. {@code key} is the record key, which Waveflow sets to the stemId. {@code value} is the
 * record value when it is the structured CloudEvent itself, and null when replay built the
 * CloudEvent around it (dead letters).
 */
public record ReplayedEvent(String topic, int partition, long offset, Instant recordTimestamp, String key,
                            CloudEvent event, JsonNode data, byte[] value) {

    /** The stem: the CloudEvent subject, else the record key (dead letters have only the key). */
    public String stemId() {
        return event.getSubject() != null ? event.getSubject() : key;
    }

    public String type() {
        return event.getType();
    }

    /** {@code data.userId} when the event carries it (inbound events, registrations, commands). */
    public String userId() {
        return text("userId");
    }

    /** {@code data.trackId} when the event carries it. */
    public String trackId() {
        return text("trackId");
    }

    private String text(String field) {
        JsonNode node = data == null ? null : data.get(field);
        return node != null && node.isTextual() ? node.textValue() : null;
    }
}
