package io.waveflow.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** What one run of the suite found: the figures' rows and the notes under them, written as {@code BENCHMARKS.md}. */
final class Report {

    /** One row of the report: figure number, what, the value, the command that produced it. */
    record Row(String figure, String what, String value, String command) {
    }

    private final List<Row> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final List<String> tables = new ArrayList<>();

    synchronized void add(Row row) {
        rows.add(row);
    }

    /** A table of its own under the figures, e.g. one figure's breakdown by process and design. */
    synchronized void table(String heading, List<String> header, List<List<String>> rows) {
        StringBuilder md = new StringBuilder("### ").append(heading).append("\n\n| ")
                .append(String.join(" | ", header)).append(" |\n|").append("---|".repeat(header.size())).append('\n');
        rows.forEach(r -> md.append("| ").append(String.join(" | ", r)).append(" |\n"));
        tables.add(md.toString());
    }

    synchronized void note(String note) {
        notes.add(note);
    }

    String markdown(BenchOptions options, Instant started, String loadAtStart, String loadAfterStart, String loadAtEnd) {
        StringBuilder md = new StringBuilder();
        String n = "\n";
        md.append("# Waveflow benchmarks").append(n).append(n);
        md.append("Written by `").append(options.command()).append("` (module `bench`, entry point")
                .append(" `io.waveflow.bench.BenchSuite`). Every figure below comes from this one run.").append(n).append(n);
        md.append("| | |").append(n).append("|---|---|").append(n);
        md.append("| date | ").append(DateTimeFormatter.ISO_INSTANT.format(started.atOffset(ZoneOffset.UTC))).append(" |").append(n);
        md.append("| machine | ").append(Runtime.getRuntime().availableProcessors()).append(" cores (nproc), ")
                .append(Machine.memory()).append(" RAM, ").append(Machine.cpuModel()).append(" |").append(n);
        md.append("| java | ").append(Machine.java()).append(" |").append(n);
        md.append("| load average (1, 5, 15 min) | at start ").append(loadAtStart).append("; after the stack started ")
                .append(loadAfterStart).append("; at the end ").append(loadAtEnd).append(" |").append(n);
        md.append("| mode | ").append(options.quick() ? "--quick" : "full").append(", ").append(options.describe())
                .append(" |").append(n).append(n);
        if (Machine.busy(loadAtStart)) {
            md.append("**The machine was shared with other work when this run started** (the 1-minute load average")
                    .append(" was above the core count: processes waited for the cores), so absolute numbers are")
                    .append(" pessimistic and noisy; the ratios measured side by side in the same run are the figures")
                    .append(" to read.").append(n).append(n);
        } else {
            md.append("The machine was otherwise idle when this run started (1-minute load average below the core")
                    .append(" count); the load during the run is the stack's own, which shares the same cores with the")
                    .append(" load generator. The ratios measured side by side in the same run are the figures to read.")
                    .append(n).append(n);
        }
        md.append("| # | figure | value | command |").append(n).append("|---|---|---|---|").append(n);
        rows.stream().sorted(Comparator.comparing(Report::figureOrder)).forEach(r -> md.append("| ").append(r.figure())
                .append(" | ").append(r.what()).append(" | ").append(r.value()).append(" | `").append(r.command())
                .append("` |").append(n));
        tables.forEach(t -> md.append(n).append(t));
        md.append(n).append("## Notes").append(n).append(n);
        notes.forEach(note -> md.append("- ").append(note).append(n));
        md.append(n);
        try {
            md.append(Files.readString(options.repoRoot().resolve("bench/METHOD.md")));
        } catch (IOException e) {
            // the method text is optional
        }
        return md.toString();
    }

    /** Rows by figure number (2 before 10), in the order they were added within a figure. */
    private static int figureOrder(Row row) {
        String digits = row.figure().replaceAll("\\D.*", "");
        return digits.isEmpty() ? Integer.MAX_VALUE : Integer.parseInt(digits);
    }

    static String fmt(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%,.0f", v);
    }

    static String ms(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.1f ms", v);
    }

    static String ratio(double a, double b) {
        return Double.isNaN(a) || Double.isNaN(b) || b == 0 ? "n/a" : String.format(Locale.ROOT, "%.2f", a / b);
    }
}
