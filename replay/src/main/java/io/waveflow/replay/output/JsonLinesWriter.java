package io.waveflow.replay.output;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.jackson.JsonFormat;
import io.waveflow.replay.event.ReplayedEvent;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * JSON Lines: each line is the event as a structured-mode CloudEvent with the record's place in
 * Kafka added as CloudEvents extension attributes: {@code kafkatopic}, {@code kafkapartition},
 * {@code kafkaoffset} (a string: CloudEvents integers are 32-bit, offsets are not) and
 * {@code kafkatimestamp}. A record value that already is a one-line CloudEvent is written as
 * it was produced, byte for byte, with the attributes appended; any other event is written by
 * the CloudEvents SDK's JSON format (dead letters, values spread over several lines).
 */
final class JsonLinesWriter implements EventWriter {

    static final String TOPIC = "kafkatopic";
    static final String PARTITION = "kafkapartition";
    static final String OFFSET = "kafkaoffset";
    static final String TIMESTAMP = "kafkatimestamp";

    private static final JsonFormat FORMAT = new JsonFormat();
    private static final List<String> ATTRIBUTES = List.of(TOPIC, PARTITION, OFFSET, TIMESTAMP);

    private final OutputStream out;

    JsonLinesWriter(OutputStream out) {
        this.out = out;
    }

    @Override
    public void write(ReplayedEvent event) throws IOException {
        int end = closingBrace(event);
        if (end > 0) {
            out.write(event.value(), 0, end);
            out.write(attributes(event).getBytes(StandardCharsets.UTF_8));
            out.write('}');
        } else {
            out.write(FORMAT.serialize(CloudEventBuilder.v1(event.event())
                    .withExtension(TOPIC, event.topic())
                    .withExtension(PARTITION, event.partition())
                    .withExtension(OFFSET, Long.toString(event.offset()))
                    .withExtension(TIMESTAMP, event.recordTimestamp().toString())
                    .build()));
        }
        out.write('\n');
    }

    @Override
    public void close() throws IOException {
        out.flush();
        out.close();
    }

    /**
     * Where the value's closing brace is, or -1 when the value cannot be copied: no value, a
     * line break in it (JSON strings cannot hold one, so it is layout), or an attribute of ours
     * already set.
     */
    private static int closingBrace(ReplayedEvent event) {
        byte[] value = event.value();
        if (value == null) {
            return -1;
        }
        CloudEvent cloudEvent = event.event();
        for (String attribute : ATTRIBUTES) {
            if (cloudEvent.getExtension(attribute) != null) {
                return -1;
            }
        }
        int end = value.length - 1;
        while (end >= 0 && (value[end] == ' ' || value[end] == '\t')) {
            end--;
        }
        for (byte b : value) {
            if (b == '\n' || b == '\r') {
                return -1;
            }
        }
        // The SDK parsed the value as a JSON object, so the last non-blank byte closes it.
        return end > 0 && value[end] == '}' ? end : -1;
    }

    private static String attributes(ReplayedEvent event) {
        // Topic names are [a-zA-Z0-9._-]; the timestamp is ISO-8601: nothing here needs JSON escaping.
        return ",\"" + TOPIC + "\":\"" + event.topic() + "\",\"" + PARTITION + "\":" + event.partition()
                + ",\"" + OFFSET + "\":\"" + event.offset() + "\",\"" + TIMESTAMP + "\":\""
                + event.recordTimestamp() + "\"";
    }
}
