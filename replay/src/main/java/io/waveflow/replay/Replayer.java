package io.waveflow.replay;

import io.waveflow.replay.event.EventParser;
import io.waveflow.replay.event.ReplayedEvent;
import io.waveflow.replay.event.UnreadableRecordException;
import io.waveflow.replay.filter.Criteria;
import io.waveflow.replay.filter.EventFilter;
import io.waveflow.replay.kafka.ReadListener;
import io.waveflow.replay.kafka.ReadPlan;
import io.waveflow.replay.kafka.TopicReader;
import io.waveflow.replay.output.EventWriter;
import io.waveflow.replay.report.Tally;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.io.IOException;
import java.io.PrintStream;

/**
 * One replay: records from the reader are parsed as CloudEvents, filtered and written, and
 * counted per type. A record that is not a readable event is reported on stderr with its
 * coordinates and counted, never dropped silently; the replay goes on.
 */
final class Replayer {

    /** Warnings beyond this many are only counted, so one bad topic does not flood the terminal. */
    static final int WARNINGS_SHOWN = 10;

    private final EventParser parser = new EventParser();
    private final EventFilter filter;
    private final EventWriter writer;
    private final PrintStream err;
    private final Tally tally = new Tally();

    Replayer(Criteria criteria, EventWriter writer, PrintStream err) {
        this.filter = new EventFilter(criteria);
        this.writer = writer;
        this.err = err;
    }

    /** Reads the whole plan; returns the number of records fetched. */
    long run(TopicReader reader, ReadPlan plan, ReadListener listener) {
        return reader.read(plan, this::accept, listener);
    }

    Tally tally() {
        return tally;
    }

    private void accept(ConsumerRecord<byte[], byte[]> record) throws IOException {
        ReplayedEvent event;
        try {
            event = parser.parse(record);
        } catch (UnreadableRecordException e) {
            tally.unreadable();
            if (tally.unreadableCount() <= WARNINGS_SHOWN) {
                err.printf("replay: warning: %s partition %d offset %d skipped: %s%n",
                        record.topic(), record.partition(), record.offset(), e.getMessage());
            }
            return;
        }
        if (filter.accepts(event)) {
            writer.write(event);
            tally.written(event.type());
        }
    }
}
