package io.waveflow.bench;

import java.util.Arrays;

/**
 * Latencies of one measurement in nanoseconds, summarised by nearest-rank percentiles. Thread-safe;
 * a benchmark records a few hundred thousand values at most, so a growing array is enough.
 */
final class Latencies {

    private long[] values = new long[1024];
    private int size;

    synchronized void record(long nanos) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = nanos;
    }

    synchronized int count() {
        return size;
    }

    /** Nearest-rank percentile in milliseconds ({@code q} in 0..100); NaN when empty. */
    synchronized double percentileMillis(double q) {
        return percentile(Arrays.copyOf(values, size), q) / 1e6;
    }

    static double percentile(long[] data, double q) {
        if (data.length == 0) {
            return Double.NaN;
        }
        if (q < 0 || q > 100) {
            throw new IllegalArgumentException("percentile " + q + " is not between 0 and 100");
        }
        long[] sorted = data.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(q / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }
}
