package io.waveflow.replay;

import io.waveflow.replay.kafka.OffsetBound;
import io.waveflow.replay.kafka.Selection;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Argument handling, all decided before Kafka is contacted (the broker address here is never dialled). */
class ReplayCommandTest {

    private static final String NOWHERE = "--bootstrap-servers=127.0.0.1:1";

    @Test
    void shouldRefuseABadTimeWithExitCodeTwoAndOneLine() {
        Run run = Run.replay(NOWHERE, "--from", "yesterday");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).hasLineCount(1).startsWith("replay: bad time for --from: 'yesterday' is not ISO-8601");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void shouldRefuseABadToTimeAndARangeThatEndsBeforeItStarts() {
        assertThat(Run.replay(NOWHERE, "--to", "2026-13-01").err()).startsWith("replay: bad time for --to: '2026-13-01'");
        Run backwards = Run.replay(NOWHERE, "--from", "2026-11-26T10:00:00Z", "--to", "2026-11-26T09:00:00Z");
        assertThat(backwards.exitCode()).isEqualTo(2);
        assertThat(backwards.err()).hasLineCount(1).contains("must be before --to");
        Run empty = Run.replay(NOWHERE, "--from", "2026-11-26T10:00:00Z", "--to", "2026-11-26T10:00:00Z");
        assertThat(empty.exitCode()).isEqualTo(2);
    }

    @Test
    void shouldRefuseBoundsGivenTwiceAndBadOffsets() {
        assertThat(Run.replay(NOWHERE, "--from", "2026-11-26", "--from-offset", "3").err())
                .isEqualTo("replay: give --from or --from-offset, not both\n");
        assertThat(Run.replay(NOWHERE, "--to", "2026-11-26", "--to-offset", "3").exitCode()).isEqualTo(2);
        Run badOffset = Run.replay(NOWHERE, "--from-offset", "1:2:3");
        assertThat(badOffset.exitCode()).isEqualTo(2);
        assertThat(badOffset.err()).hasLineCount(1).contains("bad offset for --from-offset: '1:2:3'");
        assertThat(Run.replay(NOWHERE, "--to-offset", "-5").exitCode()).isEqualTo(2);
    }

    @Test
    void shouldRefuseUnknownOptionsAndFormatsInOneLine() {
        Run unknown = Run.replay(NOWHERE, "--form", "csv");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).hasLineCount(1).contains("Unknown option").contains("replay --help");

        Run format = Run.replay(NOWHERE, "--format", "xml");
        assertThat(format.exitCode()).isEqualTo(2);
        assertThat(format.err()).hasLineCount(1).contains("expected one of [jsonl, csv]");
    }

    @Test
    void shouldAcceptInstantsOffsetTimesAndDates() {
        assertThat(ReplayCommand.time("--from", "2026-11-26T10:15:30Z")).isEqualTo("2026-11-26T10:15:30Z");
        assertThat(ReplayCommand.time("--from", "2026-11-26T10:15:30.250Z")).isEqualTo("2026-11-26T10:15:30.250Z");
        assertThat(ReplayCommand.time("--from", "2026-11-26T11:15:30+01:00")).isEqualTo("2026-11-26T10:15:30Z");
        assertThat(ReplayCommand.time("--from", "2026-11-26")).isEqualTo("2026-11-26T00:00:00Z");
        assertThat(ReplayCommand.time("--from", null)).isNull();
    }

    @Test
    void shouldReadOffsetsForEveryPartitionAndForOne() {
        OffsetBound bound = ReplayCommand.offsets("--from-offset", List.of("100", "3:7"));

        assertThat(bound).isEqualTo(new OffsetBound(100L, Map.of(3, 7L)));
        assertThat(bound.forPartition(3)).hasValue(7);
        assertThat(bound.forPartition(0)).hasValue(100);
        assertThat(ReplayCommand.offsets("--to-offset", List.of("2:9")).forPartition(0)).isEmpty();
    }

    @Test
    void shouldCollectRepeatedAndCommaSeparatedOptions() {
        // given
        ReplayCommand command = new ReplayCommand(new ByteArrayOutputStream(), new PrintStream(new ByteArrayOutputStream()));
        new CommandLine(command).parseArgs("--topic", "inbound,workflow", "-t", "inbound", "--from", "2026-11-26",
                "--partition", "0,2", "--type", "HashClaimed", "--type", "StemCompleted");

        // when
        Selection selection = command.selection();

        // then
        assertThat(selection.topics()).containsExactly("inbound", "workflow");
        assertThat(selection.partitions()).containsExactlyInAnyOrder(0, 2);
        assertThat(selection.time().from()).isEqualTo(Instant.parse("2026-11-26T00:00:00Z"));
        assertThat(command.types).containsExactly("HashClaimed", "StemCompleted");
    }

    @Test
    void shouldDefaultToJsonLinesAndTheLocalBroker() {
        ReplayCommand command = new ReplayCommand(new ByteArrayOutputStream(), new PrintStream(new ByteArrayOutputStream()));
        new CommandLine(command).parseArgs();

        assertThat(command.format.name()).isEqualTo("jsonl");
        assertThat(command.bootstrapServers).isEqualTo(
                System.getenv().getOrDefault("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092"));
        assertThat(command.timeoutSeconds).isEqualTo(10);
        assertThat(command.progress).isNull();
    }

    @Test
    void shouldPrintHelpWithTheBoundariesAndExitCodes() {
        Run help = Run.replay("--help");

        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("--from is inclusive, --to exclusive").contains("Exit codes")
                .contains("Never joins a consumer");
    }
}
