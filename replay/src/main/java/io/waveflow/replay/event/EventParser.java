package io.waveflow.replay.event;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import io.cloudevents.CloudEvent;
import io.cloudevents.CloudEventData;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.core.format.EventDeserializationException;
import io.cloudevents.jackson.JsonCloudEventData;
import io.cloudevents.jackson.JsonFormat;
import io.waveflow.contracts.topic.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * Turns record values into CloudEvents with the CloudEvents SDK's JSON event format: every
 * event topic holds structured-mode CloudEvents, and the SDK checks the required attributes.
 * The dead-letter topic holds plain dead-letter JSON (it wraps bytes that may not be events at
 * all); those records are presented as CloudEvents of type {@link #DEAD_LETTER_TYPE}, with the
 * record's coordinates as id, so every replayed line has the same shape.
 */
public final class EventParser {

    /** The type replay gives dead letters; their JSON Schema carries the same name. */
    public static final String DEAD_LETTER_TYPE = "io.waveflow.deadletter.DeadLetter.v1";

    private static final JsonFormat FORMAT = new JsonFormat();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String JSON_CONTENT_TYPE = "application/json";
    private static final Pattern SERVICE_NAME = Pattern.compile("[a-z0-9-]+");

    public ReplayedEvent parse(ConsumerRecord<byte[], byte[]> record) {
        if (record.value() == null) {
            throw new UnreadableRecordException("the record has no value");
        }
        String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        boolean deadLetter = Topics.DEAD_LETTER.name().equals(record.topic());
        CloudEvent event = deadLetter ? deadLetter(record, key) : cloudEvent(record.value());
        return new ReplayedEvent(record.topic(), record.partition(), record.offset(),
                Instant.ofEpochMilli(record.timestamp()), key, event, data(event), deadLetter ? null : record.value());
    }

    private static CloudEvent cloudEvent(byte[] value) {
        try {
            return FORMAT.deserialize(value);
        } catch (EventDeserializationException | IllegalStateException | IllegalArgumentException e) {
            throw new UnreadableRecordException("not a structured-mode CloudEvent: " + reason(e));
        }
    }

    private static CloudEvent deadLetter(ConsumerRecord<byte[], byte[]> record, String key) {
        JsonNode letter;
        try {
            letter = JSON.readTree(record.value());
        } catch (IOException e) {
            throw new UnreadableRecordException("not a dead letter: " + reason(e));
        }
        if (letter == null || !letter.isObject() || !letter.hasNonNull("sourceTopic")) {
            throw new UnreadableRecordException("not a dead letter: no sourceTopic");
        }
        String failedIn = letter.path("failedIn").asText("");
        return CloudEventBuilder.v1()
                .withId(record.topic() + "/" + record.partition() + "/" + record.offset())
                .withSource(URI.create("/waveflow/"
                        + (SERVICE_NAME.matcher(failedIn).matches() ? failedIn : "deadletter")))
                .withType(DEAD_LETTER_TYPE)
                .withSubject(key)
                .withTime(time(letter.path("time").asText(null), record.timestamp()))
                .withDataContentType(JSON_CONTENT_TYPE)
                .withData(JsonCloudEventData.wrap(letter))
                .build();
    }

    private static OffsetDateTime time(String text, long recordTimestamp) {
        if (text != null) {
            try {
                return OffsetDateTime.parse(text);
            } catch (DateTimeParseException e) {
                // fall back to the record's own timestamp
            }
        }
        return Instant.ofEpochMilli(recordTimestamp).atOffset(ZoneOffset.UTC);
    }

    /** The data as a JSON tree: JSON data as is, anything else as one text value. */
    private static JsonNode data(CloudEvent event) {
        CloudEventData data = event.getData();
        if (data == null) {
            return null;
        }
        if (data instanceof JsonCloudEventData json) {
            return json.getNode();
        }
        byte[] bytes = data.toBytes();
        try {
            return JSON.readTree(bytes);
        } catch (IOException e) {
            return TextNode.valueOf(new String(bytes, StandardCharsets.UTF_8));
        }
    }

    private static String reason(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String message = cause instanceof JacksonException jackson ? jackson.getOriginalMessage() : cause.getMessage();
        return message == null ? cause.getClass().getSimpleName() : message.lines().findFirst().orElse(message);
    }
}
