package io.waveflow.replay;

import io.waveflow.replay.filter.Criteria;
import io.waveflow.replay.kafka.EventTopics;
import io.waveflow.replay.kafka.OffsetBound;
import io.waveflow.replay.kafka.ReadListener;
import io.waveflow.replay.kafka.ReadPlan;
import io.waveflow.replay.kafka.Selection;
import io.waveflow.replay.kafka.TimeRange;
import io.waveflow.replay.kafka.TopicReader;
import io.waveflow.replay.output.EventWriter;
import io.waveflow.replay.output.OutputFormat;
import io.waveflow.replay.report.ProgressBar;
import io.waveflow.replay.report.Terminal;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * The {@code replay} command: reads Waveflow's event topics for a time or offset range, filters
 * by stem, user, track and type, and writes JSON Lines or CSV. It never joins a consumer group.
 */
@Command(name = "replay", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        abbreviateSynopsis = true,
        version = "waveflow replay 0.1.0",
        description = {
                "Replays Waveflow's event topics as JSON Lines (one CloudEvent per line) or CSV.",
                "Reads up to the end offsets seen at start, then stops. Never joins a consumer group and"
                        + " never commits offsets, so it cannot disturb the services.",
                ""},
        footer = {"",
                "Times are ISO-8601: 2026-11-26T10:15:30Z, 2026-11-26T11:15:30+01:00, or a date 2026-11-26"
                        + " (midnight UTC). --from is inclusive, --to exclusive; both select by the Kafka"
                        + " record timestamp.",
                "Exit codes: 0 done, 1 failed while writing, 2 bad usage, unknown topic or unreachable Kafka."})
public final class ReplayCommand implements Callable<Integer> {

    @Option(names = {"-b", "--bootstrap-servers"}, paramLabel = "HOST:PORT",
            defaultValue = "${env:KAFKA_BOOTSTRAP_SERVERS:-127.0.0.1:9092}",
            description = "Kafka to read from (default: $KAFKA_BOOTSTRAP_SERVERS or 127.0.0.1:9092).")
    String bootstrapServers;

    @Option(names = {"-t", "--topic"}, paramLabel = "TOPIC", split = ",",
            description = "inbound, workflow, commands, deadletter or a full topic name; repeatable."
                    + " Default: all four event topics.")
    List<String> topics = List.of();

    @Option(names = "--from", paramLabel = "TIME",
            description = "First record timestamp to include (inclusive).")
    String from;

    @Option(names = "--to", paramLabel = "TIME",
            description = "Record timestamp to stop before (exclusive).")
    String to;

    @Option(names = "--from-offset", paramLabel = "[PARTITION:]OFFSET", split = ",",
            description = "First offset to read (inclusive), in every partition or in the one named; repeatable.")
    List<String> fromOffsets = List.of();

    @Option(names = "--to-offset", paramLabel = "[PARTITION:]OFFSET", split = ",",
            description = "Offset to stop before (exclusive), in every partition or in the one named; repeatable.")
    List<String> toOffsets = List.of();

    @Option(names = "--partition", paramLabel = "N", split = ",",
            description = "Read only these partitions of each topic; repeatable. Default: all.")
    List<Integer> partitions = List.of();

    @Option(names = "--stem", paramLabel = "STEM_ID", split = ",", description = "Only these stems; repeatable.")
    List<String> stems = List.of();

    @Option(names = "--user", paramLabel = "USER_ID", split = ",",
            description = "Only stems of these users; repeatable. See docs/REPLAY.md for events without a userId.")
    List<String> users = List.of();

    @Option(names = "--track", paramLabel = "TRACK_ID", split = ",",
            description = "Only stems of these tracks; repeatable.")
    List<String> tracks = List.of();

    @Option(names = "--type", paramLabel = "TYPE", split = ",",
            description = "Only these event types: io.waveflow.inbound.UploadCompleted.v1, without the version,"
                    + " or just UploadCompleted; repeatable.")
    List<String> types = List.of();

    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", defaultValue = "jsonl",
            description = "jsonl (default) or csv.")
    OutputFormat format;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write here instead of stdout.")
    Path output;

    @Option(names = "--progress", negatable = true,
            description = "Progress bar on stderr (default: only when stderr is a terminal).")
    Boolean progress;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "10",
            description = "How long to wait for Kafka before giving up (default: 10).")
    int timeoutSeconds;

    private final OutputStream stdout;
    private final PrintStream stderr;

    ReplayCommand(OutputStream stdout, PrintStream stderr) {
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /** The command line with one-line error messages: exit code 2 for usage errors, 1 for failures. */
    public static CommandLine commandLine(OutputStream stdout, PrintStream stderr) {
        CommandLine commandLine = new CommandLine(new ReplayCommand(stdout, stderr));
        commandLine.setErr(new PrintWriter(stderr, true));
        commandLine.setOut(new PrintWriter(new OutputStreamWriter(stdout, StandardCharsets.UTF_8), true));
        commandLine.setParameterExceptionHandler((e, args) -> {
            stderr.println("replay: " + e.getMessage() + " (see replay --help)");
            return ReplayException.EXIT_CODE;
        });
        commandLine.setExecutionExceptionHandler((e, line, parseResult) -> {
            if (e instanceof ReplayException) {
                stderr.println("replay: " + e.getMessage());
                return ReplayException.EXIT_CODE;
            }
            if (e instanceof UncheckedIOException || e instanceof IOException) {
                Throwable cause = e instanceof UncheckedIOException ? e.getCause() : e;
                stderr.println("replay: cannot write the output: " + cause.getMessage());
                return 1;
            }
            stderr.println("replay: failed: " + e);
            return 1;
        });
        return commandLine;
    }

    @Override
    public Integer call() throws IOException {
        Selection selection = selection();
        Criteria criteria = new Criteria(Set.copyOf(stems), Set.copyOf(users), Set.copyOf(tracks), Set.copyOf(types));
        if (timeoutSeconds < 1) {
            throw new ReplayException("--timeout must be at least 1 second");
        }
        long started = System.nanoTime();
        try (TopicReader reader = TopicReader.connect(bootstrapServers, Duration.ofSeconds(timeoutSeconds))) {
            ReadPlan plan = reader.plan(selection);
            // The output is opened only once Kafka answered, so a failed start leaves no empty file.
            try (EventWriter writer = format.open(openOutput())) {
                Replayer replayer = new Replayer(criteria, writer, stderr);
                ProgressBar bar = showProgress() ? new ProgressBar(stderr, System::nanoTime) : null;
                long fetched = replayer.run(reader, plan, bar == null ? ReadListener.NONE : bar);
                if (bar != null) {
                    bar.clear();
                }
                writer.close();
                replayer.tally().print(stderr, plan.topics().size(), plan.ranges().size(), fetched,
                        System.nanoTime() - started);
            }
        }
        return 0;
    }

    Selection selection() {
        Instant fromTime = time("--from", from);
        Instant toTime = time("--to", to);
        if (fromTime != null && !fromOffsets.isEmpty()) {
            throw new ReplayException("give --from or --from-offset, not both");
        }
        if (toTime != null && !toOffsets.isEmpty()) {
            throw new ReplayException("give --to or --to-offset, not both");
        }
        if (fromTime != null && toTime != null && !fromTime.isBefore(toTime)) {
            throw new ReplayException("--from " + fromTime + " must be before --to " + toTime);
        }
        for (String topic : topics) {
            if (topic.isBlank()) {
                throw new ReplayException("empty --topic; event topics: " + EventTopics.describe());
            }
        }
        return new Selection(List.copyOf(new LinkedHashSet<>(topics)), Set.copyOf(partitions),
                new TimeRange(fromTime, toTime), offsets("--from-offset", fromOffsets), offsets("--to-offset", toOffsets));
    }

    /** ISO-8601 instant, offset date-time, or a date meaning its first instant in UTC. */
    static Instant time(String option, String value) {
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeException notAnInstant) {
            try {
                return OffsetDateTime.parse(value).toInstant();
            } catch (DateTimeException notOffset) {
                try {
                    return LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
                } catch (DateTimeException notDate) {
                    throw new ReplayException("bad time for " + option + ": '" + value + "' is not ISO-8601;"
                            + " use e.g. 2026-11-26T10:15:30Z, 2026-11-26T11:15:30+01:00 or 2026-11-26");
                }
            }
        }
    }

    static OffsetBound offsets(String option, List<String> values) {
        Long all = null;
        Map<Integer, Long> byPartition = new HashMap<>();
        for (String value : values) {
            String[] parts = value.split(":", -1);
            try {
                if (parts.length == 1) {
                    all = nonNegative(parts[0]);
                } else if (parts.length == 2) {
                    byPartition.put(Math.toIntExact(nonNegative(parts[0])), nonNegative(parts[1]));
                } else {
                    throw new NumberFormatException();
                }
            } catch (NumberFormatException | ArithmeticException e) {
                throw new ReplayException("bad offset for " + option + ": '" + value
                        + "'; use OFFSET or PARTITION:OFFSET, e.g. 1200 or 3:1200");
            }
        }
        return new OffsetBound(all, byPartition);
    }

    private static long nonNegative(String text) {
        long value = Long.parseLong(text.trim());
        if (value < 0) {
            throw new NumberFormatException();
        }
        return value;
    }

    private boolean showProgress() {
        return progress != null ? progress : Terminal.isStderrTerminal();
    }

    private OutputStream openOutput() {
        if (output == null) {
            return stdout;
        }
        try {
            return Files.newOutputStream(output);
        } catch (IOException e) {
            throw new ReplayException("cannot write " + output + ": " + e.getMessage(), e);
        }
    }
}
