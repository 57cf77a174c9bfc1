package io.waveflow.replay.output;

import io.waveflow.replay.event.ReplayedEvent;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;

/**
 * CSV with a header, one row per event: where it was in Kafka, the envelope attributes analysts
 * filter on, the user and track when the data carries them, and the data as compact JSON.
 */
final class CsvWriter implements EventWriter {

    static final String[] HEADER = {"topic", "partition", "offset", "kafkaTimestamp", "time", "type", "id",
            "subject", "userId", "trackId", "data"};

    private final Writer out;

    CsvWriter(OutputStream out) throws IOException {
        this.out = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
        this.out.write(Csv.line(HEADER));
    }

    @Override
    public void write(ReplayedEvent event) throws IOException {
        OffsetDateTime time = event.event().getTime();
        out.write(Csv.line(
                event.topic(),
                Integer.toString(event.partition()),
                Long.toString(event.offset()),
                event.recordTimestamp().toString(),
                time == null ? null : time.toInstant().toString(),
                event.type(),
                event.event().getId(),
                event.stemId(),
                event.userId(),
                event.trackId(),
                event.data() == null ? null : event.data().toString()));
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
