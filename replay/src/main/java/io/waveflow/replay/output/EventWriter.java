package io.waveflow.replay.output;

import io.waveflow.replay.event.ReplayedEvent;

import java.io.Closeable;
import java.io.IOException;

/** Writes replayed events in one output format; {@link #close()} flushes. */
public interface EventWriter extends Closeable {

    void write(ReplayedEvent event) throws IOException;
}
