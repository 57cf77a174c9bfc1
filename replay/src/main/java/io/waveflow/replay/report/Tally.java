package io.waveflow.replay.report;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Counts of a replay: records fetched, events written per type, records that could not be read. */
public final class Tally {

    private final Map<String, Long> writtenByType = new TreeMap<>();
    private long unreadable;

    public void written(String type) {
        writtenByType.merge(type, 1L, Long::sum);
    }

    public void unreadable() {
        unreadable++;
    }

    public long written() {
        return writtenByType.values().stream().mapToLong(Long::longValue).sum();
    }

    public long unreadableCount() {
        return unreadable;
    }

    public Map<String, Long> writtenByType() {
        return Map.copyOf(writtenByType);
    }

    /** The closing lines on stderr: totals and rate, then one line per type. */
    public void print(PrintStream err, int topics, int partitions, long fetched, long elapsedNanos) {
        double seconds = elapsedNanos / 1e9;
        err.printf(Locale.ROOT, "replay: %,d events written of %,d records read from %d partitions of %d topics"
                        + " in %.1f s (%,.0f records/s)%n",
                written(), fetched, partitions, topics, seconds, seconds > 0 ? fetched / seconds : 0);
        int width = writtenByType.values().stream().mapToInt(count -> String.format(Locale.ROOT, "%,d", count).length())
                .max().orElse(1);
        writtenByType.forEach((type, count) ->
                err.printf(Locale.ROOT, "  %," + width + "d  %s%n", count, type));
        if (unreadable > 0) {
            err.printf(Locale.ROOT, "  %," + width + "d  (unreadable records, see the warnings above)%n", unreadable);
        }
        err.flush();
    }
}
