package io.waveflow.replay.output;

import java.io.IOException;
import java.io.OutputStream;

/** The formats of {@code --format}, named as typed on the command line. */
public enum OutputFormat {
    jsonl,
    csv;

    public EventWriter open(OutputStream out) throws IOException {
        return this == jsonl ? new JsonLinesWriter(out) : new CsvWriter(out);
    }
}
