package io.waveflow.replay.report;

import io.waveflow.replay.kafka.ReadListener;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * A one-line progress bar on stderr, redrawn at most five times a second with a carriage
 * return: share of the planned offsets passed, records per second and the time left.
 */
public final class ProgressBar implements ReadListener {

    private static final int WIDTH = 30;
    private static final long REDRAW_NANOS = 200_000_000L;

    private final PrintStream err;
    private final LongSupplier nanoTime;
    private final long started;
    private long lastDrawn;
    private int lastLength;

    public ProgressBar(PrintStream err, LongSupplier nanoTime) {
        this.err = err;
        this.nanoTime = nanoTime;
        this.started = nanoTime.getAsLong();
        this.lastDrawn = started - REDRAW_NANOS;
    }

    @Override
    public void progress(long done, long total) {
        long now = nanoTime.getAsLong();
        if (now - lastDrawn < REDRAW_NANOS && done < total) {
            return;
        }
        lastDrawn = now;
        String line = render(done, total, now - started);
        err.print("\r" + line + " ".repeat(Math.max(0, lastLength - line.length())));
        err.flush();
        lastLength = line.length();
    }

    /** Clears the bar so the summary starts on a clean line. */
    public void clear() {
        if (lastLength > 0) {
            err.print("\r" + " ".repeat(lastLength) + "\r");
            err.flush();
            lastLength = 0;
        }
    }

    static String render(long done, long total, long elapsedNanos) {
        double share = total == 0 ? 1 : Math.min(1, (double) done / total);
        int filled = (int) Math.round(share * WIDTH);
        double seconds = elapsedNanos / 1e9;
        double rate = seconds > 0 ? done / seconds : 0;
        String eta = rate > 0 && done < total ? String.format(Locale.ROOT, "  %ds left", Math.round((total - done) / rate))
                : "";
        return String.format(Locale.ROOT, "[%s%s] %3d%%  %,d/%,d records  %,.0f/s%s",
                "#".repeat(filled), ".".repeat(WIDTH - filled), Math.round(share * 100), done, total, rate, eta);
    }
}
