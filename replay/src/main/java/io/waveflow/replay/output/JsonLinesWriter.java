package io.waveflow.replay.output;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.jackson.JsonFormat;
import io.waveflow.replay.event.ReplayedEvent;

import java.io.IOException;
import java.io.OutputStream;
import java.time.ZoneOffset;

/**
 * JSON Lines: each line is the event as a structured-mode CloudEvent, written by the SDK's JSON
 * format, with the record's place in Kafka added as CloudEvents extension attributes:
 * {@code kafkatopic}, {@code kafkapartition}, {@code kafkaoffset} (a string: CloudEvents
 * integers are 32-bit, offsets are not) and {@code kafkatimestamp}.
 */
final class JsonLinesWriter implements EventWriter {

    static final String TOPIC = "kafkatopic";
    static final String PARTITION = "kafkapartition";
    static final String OFFSET = "kafkaoffset";
    static final String TIMESTAMP = "kafkatimestamp";

    private static final JsonFormat FORMAT = new JsonFormat();

    private final OutputStream out;

    JsonLinesWriter(OutputStream out) {
        this.out = out;
    }

    @Override
    public void write(ReplayedEvent event) throws IOException {
        CloudEvent located = CloudEventBuilder.v1(event.event())
                .withExtension(TOPIC, event.topic())
                .withExtension(PARTITION, event.partition())
                .withExtension(OFFSET, Long.toString(event.offset()))
                .withExtension(TIMESTAMP, event.recordTimestamp().atOffset(ZoneOffset.UTC))
                .build();
        out.write(FORMAT.serialize(located));
        out.write('\n');
    }

    @Override
    public void close() throws IOException {
        out.flush();
        out.close();
    }
}
