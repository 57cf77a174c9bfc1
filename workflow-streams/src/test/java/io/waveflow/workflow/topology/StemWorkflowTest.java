package io.waveflow.workflow.topology;

import io.waveflow.contracts.Stage;
import io.waveflow.contracts.command.GenerateHash;
import io.waveflow.contracts.command.ProcessAudioAnalysis;
import io.waveflow.contracts.command.ProcessDuplicateFile;
import io.waveflow.contracts.command.StageCommand;
import io.waveflow.contracts.inbound.CancelRequested;
import io.waveflow.contracts.inbound.CompletionResult;
import io.waveflow.contracts.inbound.HashReported;
import io.waveflow.contracts.inbound.InboundEvent;
import io.waveflow.contracts.inbound.ProcessingCompleted;
import io.waveflow.contracts.inbound.RetryRequested;
import io.waveflow.contracts.inbound.StemDeleted;
import io.waveflow.contracts.inbound.UploadCompleted;
import io.waveflow.contracts.workflow.EventRejected;
import io.waveflow.contracts.workflow.StageRequested;
import io.waveflow.contracts.workflow.StemCancelled;
import io.waveflow.contracts.workflow.StemFailed;
import io.waveflow.contracts.workflow.StemRegistered;
import io.waveflow.contracts.workflow.WorkflowEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

/**
 * The stem state machine as the pure function it is: (state, input, now) → transition, one
 * table row per phase and input that matters, without Kafka. Each given state is reached by
 * folding real inputs through the workflow, so a row reads like the stem's history.
 * {@link WorkflowTopologyTest} checks the same rules through the topology.
 */
class StemWorkflowTest {

    private static final Instant START = Instant.parse("2026-11-26T00:00:00Z");
    private static final Instant LATER = START.plusSeconds(5);
    private static final StemWorkflow WORKFLOW = new StemWorkflow(WorkflowSettings.defaults());
    private static final String CLAIM = "u1|t1|aa11";

    /** One row: the stem's history, what happens next, and everything that must come out. */
    record Row(Input[] history, Input next, Phase phase, int attempt, long deadlineMs, List<String> eventIds,
               List<String> commandIds, List<String> claims) {
    }

    static Stream<Arguments> rows() {
        return Stream.of(
                // Registration
                row("upload registers the stem and commands hashing",
                        given(), upload("s1"),
                        then(Phase.HASHING, 1, deadline(Stage.HASH), events("up-s1/registered", "up-s1/requested-hash-1"),
                                commands("hash-s1-1"))),
                row("a second upload of a registered stem is rejected",
                        given(upload("s1")), new Inbound(new UploadCompleted("up-s1-again", LATER, "s1", "u1", "t1",
                                "f", "f", "ts"), LATER),
                        unchanged(events("up-s1-again/rejected"))),
                row("a hash report registers a stem never uploaded and claims its hash",
                        given(), hash("s9", "aa11"),
                        then(Phase.CLAIMING, 1, 0, events("hash-s9/registered"), commands(),
                                request("s9", "aa11", "hash-s9"))),

                // Hash report: new, duplicate, repeated, contradicting
                row("hash report while hashing asks for the claim",
                        given(upload("s1")), hash("s1", "aa11"),
                        then(Phase.CLAIMING, 1, 0, events(), commands(), request("s1", "aa11", "hash-s1"))),
                row("granted claim makes the stem owner; the claims task sent the analysis command",
                        given(upload("s1"), hash("s1", "aa11")), decision("s1", "s1", "hash-s1"),
                        then(Phase.ANALYSING, 1, deadline(Stage.ANALYSIS),
                                events("hash-s1/claimed", "hash-s1/requested-analysis-1"), commands())),
                row("claim owned by another stem makes a duplicate; the claims task sent its clean-up command",
                        given(upload("s2"), hash("s2", "aa11")), decision("s2", "s1", "hash-s2"),
                        then(Phase.CLEANING_DUPLICATE, 1, deadline(Stage.DUPLICATE),
                                events("hash-s2/duplicate", "hash-s2/requested-duplicate-1"), commands())),
                row("a grant on a request of the old format (no command sent with it) commands analysis",
                        given(upload("s1"), hash("s1", "aa11")), legacyDecision("s1", "s1", "hash-s1"),
                        then(Phase.ANALYSING, 1, deadline(Stage.ANALYSIS),
                                events("hash-s1/claimed", "hash-s1/requested-analysis-1"), commands("analysis-s1-1"))),
                row("a refusal on a request of the old format (no command sent with it) commands the clean-up",
                        given(upload("s2"), hash("s2", "aa11")), legacyDecision("s2", "s1", "hash-s2"),
                        then(Phase.CLEANING_DUPLICATE, 1, deadline(Stage.DUPLICATE),
                                events("hash-s2/duplicate", "hash-s2/requested-duplicate-1"),
                                commands("duplicate-s2-1"))),
                row("the owner reporting its hash again changes nothing and commands nothing",
                        analysing("s1"), new Inbound(hashReport("hash-s1-again", "s1", "aa11"), LATER),
                        remembered(Phase.ANALYSING, 1, deadline(Stage.ANALYSIS))),
                row("another hash after completion is rejected",
                        completed("s1"), new Inbound(hashReport("hash-s1-other", "s1", "bb22"), LATER),
                        unchanged(events("hash-s1-other/rejected"))),
                row("a stale grant for a stem that moved on is given back",
                        deleted("s1"), decision("s1", "s1", "hash-s1"),
                        unchanged(events(), release("s1", "hash-s1"))),
                row("a stale refusal for a stem that moved on changes nothing",
                        deleted("s2"), decision("s2", "s1", "hash-s2"),
                        unchanged(events())),

                // Completion per stage
                row("analysis completion completes the owner",
                        analysing("s1"), completion("done-s1", "s1", Stage.ANALYSIS, "SUCCESS", null),
                        then(Phase.COMPLETED, 1, 0, events("done-s1/completed"), commands())),
                row("a completion without task name applies to the awaited stage",
                        analysing("s1"), completion("done-s1", "s1", null, "SUCCESS", null),
                        then(Phase.COMPLETED, 1, 0, events("done-s1/completed"), commands())),
                row("a seed worker's completion without task and result settles the duplicate",
                        cleaningDuplicate("s2"), seedCompletion("done-s2", "s2"),
                        then(Phase.DUPLICATE, 1, 0, events("done-s2/settled"), commands())),
                row("a completion without task and result does not complete an analysing stem",
                        analysing("s1"), seedCompletion("done-s1", "s1"),
                        unchanged(events("done-s1/rejected"))),
                row("duplicate clean-up completion settles the duplicate",
                        cleaningDuplicate("s2"), completion("done-s2", "s2", Stage.DUPLICATE, "SUCCESS", null),
                        then(Phase.DUPLICATE, 1, 0, events("done-s2/settled"), commands())),
                row("a successful hash completion is rejected: hashes come through hash-check",
                        given(upload("s1")), completion("done-s1", "s1", Stage.HASH, "SUCCESS", null),
                        unchanged(events("done-s1/rejected"))),
                row("a completion of a stage the stem does not await is rejected",
                        given(upload("s1")), completion("early-s1", "s1", Stage.ANALYSIS, "SUCCESS", null),
                        unchanged(events("early-s1/rejected"))),
                row("a completion naming an unknown task is rejected",
                        analysing("s1"), new Inbound(new ProcessingCompleted("odd-s1", LATER, "s1",
                                "app.tasks.unknown", "SUCCESS", "ts", null), LATER),
                        unchanged(events("odd-s1/rejected"))),
                row("a completion for an unknown stem is rejected",
                        given(), completion("done-ghost", "ghost", null, "SUCCESS", null),
                        unchanged(events("done-ghost/rejected"))),
                row("a completion while claiming is rejected",
                        given(upload("s1"), hash("s1", "aa11")), completion("done-s1", "s1", null, "SUCCESS", null),
                        unchanged(events("done-s1/rejected"))),

                // Worker failures
                row("a retryable analysis error commands the next attempt",
                        analysing("s1"), completion("fail-1", "s1", null, "FAILURE", "THROTTLED"),
                        then(Phase.ANALYSING, 2, deadlineFrom(LATER, Stage.ANALYSIS), events("fail-1/requested-analysis-2"),
                                commands("analysis-s1-2"))),
                row("a retryable hash error commands the next hash attempt",
                        given(upload("s1")), completion("fail-1", "s1", Stage.HASH, "FAILURE", "UNAVAILABLE"),
                        then(Phase.HASHING, 2, deadlineFrom(LATER, Stage.HASH), events("fail-1/requested-hash-2"),
                                commands("hash-s1-2"))),
                row("a retryable error on the last attempt fails the owner and releases its claim",
                        analysingAtLastAttempt("s1"), completion("fail-3", "s1", null, "FAILURE", "TIMEOUT"),
                        then(Phase.FAILED, 3, 0, events("fail-3/failed"), commands(),
                                release("s1", "fail-3"))),
                row("a final analysis error fails the owner and releases its claim",
                        analysing("s1"), completion("fail-1", "s1", null, "FAILURE", "DECODE_ERROR"),
                        then(Phase.FAILED, 1, 0, events("fail-1/failed"), commands(),
                                release("s1", "fail-1"))),
                row("a final clean-up error fails the duplicate and keeps the owner's claim",
                        cleaningDuplicate("s2"), completion("fail-2", "s2", null, "FAILURE", "DISK_FULL"),
                        then(Phase.FAILED, 1, 0, events("fail-2/failed"), commands())),
                row("a failure without result or error code is final",
                        given(upload("s1")), completion("fail-1", "s1", null, "FAILURE", null),
                        then(Phase.FAILED, 1, 0, events("fail-1/failed"), commands())),

                // Deletion
                row("deleting the owner removes it and releases its claim",
                        analysing("s1"), delete("del-s1", "s1"),
                        then(Phase.DELETED, 1, 0, events("del-s1/removed"), commands(),
                                release("s1", "del-s1"))),
                row("deleting a stem still claiming releases the claim it may be granted",
                        given(upload("s1"), hash("s1", "aa11")), delete("del-s1", "s1"),
                        then(Phase.DELETED, 1, 0, events("del-s1/removed"), commands(),
                                release("s1", "del-s1"))),
                row("deleting a duplicate releases nothing",
                        cleaningDuplicate("s2"), delete("del-s2", "s2"),
                        then(Phase.DELETED, 1, 0, events("del-s2/removed"), commands())),
                row("deleting a hashing stem releases nothing",
                        given(upload("s1")), delete("del-s1", "s1"),
                        then(Phase.DELETED, 1, 0, events("del-s1/removed"), commands())),
                row("deleting a deleted stem again only remembers the event",
                        deleted("s1"), delete("del-s1-again", "s1"),
                        remembered(Phase.DELETED, 1, 0)),
                row("deleting an unknown stem is rejected",
                        given(), delete("del-ghost", "ghost"),
                        unchanged(events("del-ghost/rejected"))),
                row("a hash report after deletion is rejected, even with the same hash",
                        deleted("s1"), new Inbound(hashReport("hash-s1-again", "s1", "aa11"), LATER),
                        unchanged(events("hash-s1-again/rejected"))),

                // Redelivery
                row("a redelivered upload changes nothing",
                        given(upload("s1")), upload("s1"),
                        unchanged(events())),
                row("a redelivered hash report changes nothing",
                        analysing("s1"), hash("s1", "aa11"),
                        unchanged(events())),
                row("a redelivered completion changes nothing",
                        completed("s1"), completion("done-s1", "s1", Stage.ANALYSIS, "SUCCESS", null),
                        unchanged(events())),
                row("a redelivered deletion changes nothing",
                        deleted("s1"), delete("del-s1", "s1"),
                        unchanged(events())),
                row("a completion rejected for arriving early applies when redelivered in time",
                        analysing("s1", completion("done-s1", "s1", null, "SUCCESS", null)),
                        completion("done-s1", "s1", null, "SUCCESS", null),
                        then(Phase.COMPLETED, 1, 0, events("done-s1/completed"), commands())),

                // Operator retry (issue 15), in every phase
                row("retrying an owner whose analysis failed claims its hash again first",
                        failedInAnalysis("s1"), retry("retry-s1", "s1"),
                        then(Phase.RECLAIMING, 2, 0, events(), commands(), requestAt("s1", "aa11", "retry-s1", 2))),
                row("the re-claimed owner is analysed at its next attempt",
                        concat(failedInAnalysis("s1"), retry("retry-s1", "s1")), decision("s1", "s1", "retry-s1"),
                        then(Phase.ANALYSING, 2, deadline(Stage.ANALYSIS),
                                events("retry-s1/claimed", "retry-s1/requested-analysis-2"), commands())),
                row("a retried owner whose hash another stem claimed meanwhile becomes its duplicate",
                        concat(failedInAnalysis("s1"), retry("retry-s1", "s1")), decision("s1", "s3", "retry-s1"),
                        then(Phase.CLEANING_DUPLICATE, 1, deadline(Stage.DUPLICATE),
                                events("retry-s1/duplicate", "retry-s1/requested-duplicate-1"), commands())),
                row("a retry after three timed-out attempts continues with the fourth task id",
                        concat(analysingAtLastAttempt("s1"), new Deadline(START.plus(Duration.ofHours(2))),
                                retry("retry-s1", "s1")), decision("s1", "s1", "retry-s1"),
                        then(Phase.ANALYSING, 4, deadline(Stage.ANALYSIS),
                                events("retry-s1/claimed", "retry-s1/requested-analysis-4"), commands())),
                row("retrying a stem whose hashing failed commands hashing again",
                        concat(given(upload("s1")), completion("fail-1", "s1", null, "FAILURE", null)),
                        retry("retry-s1", "s1"),
                        then(Phase.HASHING, 2, deadlineFrom(LATER, Stage.HASH), events("retry-s1/requested-hash-2"),
                                commands("hash-s1-2"))),
                row("retrying a duplicate whose clean-up failed commands the clean-up again, claiming nothing",
                        concat(cleaningDuplicate("s2"), completion("fail-2", "s2", null, "FAILURE", "DISK_FULL")),
                        retry("retry-s2", "s2"),
                        then(Phase.CLEANING_DUPLICATE, 2, deadlineFrom(LATER, Stage.DUPLICATE),
                                events("retry-s2/requested-duplicate-2"), commands("duplicate-s2-2"))),
                row("retrying a stem stuck in hashing commands the next attempt now",
                        given(upload("s1")), retry("retry-s1", "s1"),
                        then(Phase.HASHING, 2, deadlineFrom(LATER, Stage.HASH), events("retry-s1/requested-hash-2"),
                                commands("hash-s1-2"))),
                row("retrying a stem stuck in analysis commands the next attempt now, keeping its claim",
                        analysing("s1"), retry("retry-s1", "s1"),
                        then(Phase.ANALYSING, 2, deadlineFrom(LATER, Stage.ANALYSIS),
                                events("retry-s1/requested-analysis-2"), commands("analysis-s1-2"))),
                row("retrying a duplicate stuck in clean-up commands the next attempt now",
                        cleaningDuplicate("s2"), retry("retry-s2", "s2"),
                        then(Phase.CLEANING_DUPLICATE, 2, deadlineFrom(LATER, Stage.DUPLICATE),
                                events("retry-s2/requested-duplicate-2"), commands("duplicate-s2-2"))),
                row("retrying a stem while its claim is decided is rejected",
                        given(upload("s1"), hash("s1", "aa11")), retry("retry-s1", "s1"),
                        unchanged(events("retry-s1/rejected"))),
                row("retrying a completed stem is rejected",
                        completed("s1"), retry("retry-s1", "s1"),
                        unchanged(events("retry-s1/rejected"))),
                row("retrying a settled duplicate is rejected",
                        settledDuplicate("s2"), retry("retry-s2", "s2"),
                        unchanged(events("retry-s2/rejected"))),
                row("retrying a deleted stem is rejected",
                        deleted("s1"), retry("retry-s1", "s1"),
                        unchanged(events("retry-s1/rejected"))),
                row("retrying a cancelled stem is rejected",
                        cancelled("s1"), retry("retry-s1", "s1"),
                        unchanged(events("retry-s1/rejected"))),
                row("retrying an unknown stem is rejected",
                        given(), retry("retry-ghost", "ghost"),
                        unchanged(events("retry-ghost/rejected"))),
                row("a redelivered retry changes nothing and commands nothing",
                        concat(analysing("s1"), retry("retry-s1", "s1")), retry("retry-s1", "s1"),
                        unchanged(events())),

                // Operator cancel (issue 15), in every phase
                row("cancelling a hashing stem ends it, releasing nothing",
                        given(upload("s1")), cancel("cancel-s1", "s1"),
                        then(Phase.CANCELLED, 1, 0, events("cancel-s1/cancelled"), commands())),
                row("cancelling a stem while its claim is decided releases the claim it may be granted",
                        given(upload("s1"), hash("s1", "aa11")), cancel("cancel-s1", "s1"),
                        then(Phase.CANCELLED, 1, 0, events("cancel-s1/cancelled"), commands(),
                                release("s1", "cancel-s1"))),
                row("cancelling a retried owner while it re-claims releases the claim it may be granted",
                        concat(failedInAnalysis("s1"), retry("retry-s1", "s1")), cancel("cancel-s1", "s1"),
                        then(Phase.CANCELLED, 2, 0, events("cancel-s1/cancelled"), commands(),
                                release("s1", "cancel-s1"))),
                row("cancelling an analysing owner ends it and releases its claim",
                        analysing("s1"), cancel("cancel-s1", "s1"),
                        then(Phase.CANCELLED, 1, 0, events("cancel-s1/cancelled"), commands(),
                                release("s1", "cancel-s1"))),
                row("cancelling a duplicate in clean-up releases nothing",
                        cleaningDuplicate("s2"), cancel("cancel-s2", "s2"),
                        then(Phase.CANCELLED, 1, 0, events("cancel-s2/cancelled"), commands())),
                row("cancelling a failed owner ends it; its claim was released when it failed",
                        failedInAnalysis("s1"), cancel("cancel-s1", "s1"),
                        then(Phase.CANCELLED, 1, 0, events("cancel-s1/cancelled"), commands())),
                row("cancelling a completed stem is rejected",
                        completed("s1"), cancel("cancel-s1", "s1"),
                        unchanged(events("cancel-s1/rejected"))),
                row("cancelling a settled duplicate is rejected",
                        settledDuplicate("s2"), cancel("cancel-s2", "s2"),
                        unchanged(events("cancel-s2/rejected"))),
                row("cancelling a deleted stem is rejected",
                        deleted("s1"), cancel("cancel-s1", "s1"),
                        unchanged(events("cancel-s1/rejected"))),
                row("cancelling a cancelled stem again is rejected",
                        cancelled("s1"), cancel("cancel-s1-again", "s1"),
                        unchanged(events("cancel-s1-again/rejected"))),
                row("cancelling an unknown stem is rejected",
                        given(), cancel("cancel-ghost", "ghost"),
                        unchanged(events("cancel-ghost/rejected"))),
                row("a redelivered cancel changes nothing",
                        cancelled("s1"), cancel("cancel-s1", "s1"),
                        unchanged(events())),
                row("a late completion for a cancelled stem is rejected",
                        cancelled("s1"), completion("done-s1", "s1", Stage.ANALYSIS, "SUCCESS", null),
                        unchanged(events("done-s1/rejected"))),
                row("a late completion without task name for a cancelled stem is rejected",
                        cancelled("s1"), completion("done-s1", "s1", null, "SUCCESS", null),
                        unchanged(events("done-s1/rejected"))),
                row("a late hash report for a cancelled stem is rejected, even with its own hash",
                        cancelled("s1"), new Inbound(hashReport("hash-s1-again", "s1", "aa11"), LATER),
                        unchanged(events("hash-s1-again/rejected"))),
                row("a late grant for a cancelled stem is given back",
                        concat(given(upload("s1"), hash("s1", "aa11")), cancel("cancel-s1", "s1")),
                        decision("s1", "s1", "hash-s1"),
                        unchanged(events(), release("s1", "hash-s1"))),
                row("a deadline of a cancelled stem changes nothing",
                        cancelled("s1"), new Deadline(START.plus(Duration.ofHours(2))),
                        unchanged(events())),
                row("deleting a cancelled stem removes it",
                        concat(given(upload("s1")), cancel("cancel-s1", "s1")), delete("del-s1", "s1"),
                        then(Phase.DELETED, 1, 0, events("del-s1/removed"), commands())),

                // Deadlines
                row("a hash deadline re-commands hashing",
                        given(upload("s1")), new Deadline(START.plus(Duration.ofMinutes(10)).plusMillis(1)),
                        then(Phase.HASHING, 2, START.plus(Duration.ofMinutes(20)).plusMillis(1).toEpochMilli(),
                                events("s1/deadline-hash-1/requested-hash-2"), commands("hash-s1-2"))),
                row("an analysis deadline re-commands analysis",
                        analysing("s1"), new Deadline(START.plus(Duration.ofMinutes(31))),
                        then(Phase.ANALYSING, 2, START.plus(Duration.ofMinutes(61)).toEpochMilli(),
                                events("s1/deadline-analysis-1/requested-analysis-2"), commands("analysis-s1-2"))),
                row("a duplicate clean-up deadline re-commands the clean-up",
                        cleaningDuplicate("s2"), new Deadline(START.plus(Duration.ofMinutes(11))),
                        then(Phase.CLEANING_DUPLICATE, 2, START.plus(Duration.ofMinutes(21)).toEpochMilli(),
                                events("s2/deadline-duplicate-1/requested-duplicate-2"), commands("duplicate-s2-2"))),
                row("the last attempt's deadline fails the owner with timeout and releases its claim",
                        analysingAtLastAttempt("s1"), new Deadline(START.plus(Duration.ofHours(2))),
                        then(Phase.FAILED, 3, 0, events("s1/deadline-analysis-3/failed"), commands(),
                                release("s1", "s1/deadline-analysis-3"))),
                row("a deadline not yet due changes nothing",
                        analysing("s1"), new Deadline(START.plus(Duration.ofMinutes(29))),
                        unchanged(events())),
                row("a deadline of a stem that awaits no worker changes nothing",
                        completed("s1"), new Deadline(START.plus(Duration.ofHours(2))),
                        unchanged(events())),
                row("a deadline while claiming changes nothing",
                        given(upload("s1"), hash("s1", "aa11")), new Deadline(START.plus(Duration.ofHours(2))),
                        unchanged(events())),
                row("a deadline of an unknown stem changes nothing",
                        given(), new Deadline(START.plus(Duration.ofHours(2))),
                        unchanged(events())));
    }

    @ParameterizedTest
    @MethodSource("rows")
    void shouldMakeTheTransitionOfTheRow(Row row) {
        // given
        StemState before = fold(row.history());

        // when
        Transition transition = row.next().apply(before);

        // then
        assertThat(transition.events()).extracting(WorkflowEvent::id).containsExactlyElementsOf(row.eventIds());
        assertThat(transition.commands()).extracting(StageCommand::id).containsExactlyElementsOf(row.commandIds());
        assertThat(transition.claims()).extracting(StemWorkflowTest::describe).containsExactlyElementsOf(row.claims());
        if (row.phase() == null) {
            assertThat(transition.state()).as("stored state").isNull();
        } else {
            assertThat(transition.state()).isNotNull();
            assertThat(transition.state().phase()).isEqualTo(row.phase());
            assertThat(transition.state().attempt()).isEqualTo(row.attempt());
            assertThat(transition.state().deadlineMs()).isEqualTo(row.deadlineMs());
            if (row.next() instanceof Inbound inbound) {
                assertThat(transition.state().hasApplied(inbound.event().id())).as("remembers the event").isTrue();
            }
        }
    }

    @Test
    void shouldCommandHashingWithTheUploadsFields() {
        Transition transition = WORKFLOW.onInbound(null, upload("s1").event(), START);

        assertThat(transition.commands()).containsExactly(new GenerateHash("hash-s1-1", START, "s1", 1, "u1", "t1",
                "stems/s1.wav", "2026-11-26T00:00:00Z", "s1.wav"));
        assertThat(transition.events()).containsExactly(
                new StemRegistered("up-s1/registered", START, "s1", "u1", "t1", "stems/s1.wav", "s1.wav"),
                new StageRequested("up-s1/requested-hash-1", START, "s1", Stage.HASH, 1, "hash-s1-1"));
    }

    @Test
    void shouldAskForTheClaimWithTheAnalysisAndTheCleanUpCommandsTheClaimsTaskSends() {
        ClaimMessage.Request request = (ClaimMessage.Request) hash("s1", "aa11").apply(fold(given(upload("s1"))))
                .claims().get(0);

        assertThat(request.commandFor("s1")).isEqualTo(new ProcessAudioAnalysis("analysis-s1-1", START, "s1", 1,
                "u1", "t1", "stems/s1.wav", "aa11", "2026-11-26T00:00:01Z", "s1.wav", 1024));
        assertThat(request.commandFor("s0")).isEqualTo(new ProcessDuplicateFile("duplicate-s1-1", START, "s1", 1,
                "u1", "t1", "stems/s1.wav", "aa11", "s0"));
    }

    @Test
    void shouldFailWithTheWorkersErrorOrTimeout() {
        assertThat(completion("fail-1", "s1", null, "FAILURE", "DECODE_ERROR").apply(fold(analysing("s1")))
                .events()).containsExactly(new StemFailed("fail-1/failed", LATER, "s1", Stage.ANALYSIS,
                StemWorkflow.WORKER_ERROR, "DECODE_ERROR", "error DECODE_ERROR"));
        Instant late = START.plus(Duration.ofHours(2));
        assertThat(new Deadline(late).apply(fold(analysingAtLastAttempt("s1"))).events()).singleElement()
                .isInstanceOfSatisfying(StemFailed.class, failed -> {
                    assertThat(failed.reason()).isEqualTo(StemWorkflow.TIMEOUT);
                    assertThat(failed.stage()).isEqualTo(Stage.ANALYSIS);
                    assertThat(failed.errorMessage()).isEqualTo("no answer from the worker within PT30M in each of "
                            + "3 attempts");
                });
    }

    @Test
    void shouldSayWhyItRejects() {
        assertThat(completion("early-s1", "s1", Stage.ANALYSIS, "SUCCESS", null).apply(fold(given(upload("s1"))))
                .events()).singleElement().isInstanceOfSatisfying(EventRejected.class, rejected -> {
                    assertThat(rejected.rejectedEventId()).isEqualTo("early-s1");
                    assertThat(rejected.reason()).isEqualTo("completion of stage ANALYSIS but the stem is hashing");
                });
        assertThat(new Inbound(hashReport("h2", "s2", "bb22"), LATER).apply(fold(cleaningDuplicate("s2")))
                .events()).singleElement().isInstanceOfSatisfying(EventRejected.class, rejected -> assertThat(
                        rejected.reason()).isEqualTo("hash-check with hash bb22 but the stem has hash aa11 and is "
                        + "cleaning duplicate"));
    }

    @Test
    void shouldSayWhoCancelledAndWhyAndWhyARetryIsRefused() {
        assertThat(new Inbound(new CancelRequested("cancel-s1", LATER, "s1", "ops-alice", "uploaded by mistake"),
                LATER).apply(fold(analysing("s1"))).events()).containsExactly(
                new StemCancelled("cancel-s1/cancelled", LATER, "s1", "ops-alice", "uploaded by mistake"));
        assertThat(retry("retry-s1", "s1").apply(fold(completed("s1"))).events()).singleElement()
                .isInstanceOfSatisfying(EventRejected.class, rejected -> {
                    assertThat(rejected.rejectedEventType()).isEqualTo("io.waveflow.inbound.RetryRequested.v1");
                    assertThat(rejected.reason()).isEqualTo("retry but the stem is completed");
                });
        assertThat(cancel("cancel-s1", "s1").apply(fold(deleted("s1"))).events()).singleElement()
                .isInstanceOfSatisfying(EventRejected.class,
                        rejected -> assertThat(rejected.reason()).isEqualTo("cancel but the stem is deleted"));
    }

    @Test
    void shouldCommandARetriedAnalysisWithTheStemsFields() {
        StemState failed = fold(failedInAnalysis("s1"));
        ClaimMessage.Request request = (ClaimMessage.Request) retry("retry-s1", "s1").apply(failed).claims().get(0);

        assertThat(request.commandFor("s1")).isEqualTo(new ProcessAudioAnalysis("analysis-s1-2", LATER, "s1", 2,
                "u1", "t1", "stems/s1.wav", "aa11", "2026-11-26T00:00:01Z", "s1.wav", 1024));
    }

    @Test
    void shouldMakeTheSameIdsInAnyLocale() {
        Locale original = Locale.getDefault();
        try {
            // Turkish upper-cases i to İ and lower-cases I to ı: ids must not follow the machine.
            Locale.setDefault(Locale.forLanguageTag("tr-TR"));
            assertThat(new Deadline(START.plus(Duration.ofMinutes(31))).apply(fold(analysing("s1"))).events())
                    .extracting(WorkflowEvent::id).containsExactly("s1/deadline-analysis-1/requested-analysis-2");
            assertThat(Phase.ANALYSING.word()).isEqualTo("analysing");
            assertThat(Phase.CLEANING_DUPLICATE.word()).isEqualTo("cleaning_duplicate");
            // The query view (/workflow/stems/{id}) shows these words.
            assertThat(Phase.CANCELLED.word()).isEqualTo("cancelled");
            assertThat(Phase.RECLAIMING.word()).isEqualTo("reclaiming");
        } finally {
            Locale.setDefault(original);
        }
    }

    @Test
    void shouldHaveARuleForEveryInboundEventType() {
        // Java 17 cannot check a switch over the sealed family; this does: a new member fails here.
        List<InboundEvent> oneOfEach = List.of(upload("s1").event(), hash("s1", "aa11").event(),
                completion("c", "s1", null, "SUCCESS", null).event(), delete("d", "s1").event(),
                retry("r", "s1").event(), cancel("x", "s1").event());
        assertThat(oneOfEach).extracting(Object::getClass)
                .containsExactlyInAnyOrder(InboundEvent.class.getPermittedSubclasses());
        oneOfEach.forEach(event -> assertThat(WORKFLOW.onInbound(null, event, START).events()).isNotEmpty());
    }

    // --- inputs ---

    /** One input to the workflow, applied at its own time. */
    sealed interface Input permits Inbound, Decision, Deadline {
        Transition apply(StemState state);
    }

    record Inbound(InboundEvent event, Instant now) implements Input {
        public Transition apply(StemState state) {
            return WORKFLOW.onInbound(state, event, now);
        }
    }

    record Decision(ClaimDecision decision, Instant now) implements Input {
        public Transition apply(StemState state) {
            return WORKFLOW.onClaimDecision(state, decision, now);
        }
    }

    record Deadline(Instant now) implements Input {
        public Transition apply(StemState state) {
            return WORKFLOW.onDeadline(state, now);
        }
    }

    private static StemState fold(Input[] history) {
        StemState state = null;
        for (Input input : history) {
            Transition transition = input.apply(state);
            if (transition.state() != null) {
                state = transition.state();
            }
        }
        return state;
    }

    private static Inbound upload(String stemId) {
        return new Inbound(new UploadCompleted("up-" + stemId, START, stemId, "u1", "t1", "stems/" + stemId + ".wav",
                stemId + ".wav", "2026-11-26T00:00:00Z"), START);
    }

    private static Inbound hash(String stemId, String audioHash) {
        return new Inbound(hashReport("hash-" + stemId, stemId, audioHash), START);
    }

    private static HashReported hashReport(String eventId, String stemId, String audioHash) {
        return new HashReported(eventId, START, stemId, "u1", "t1", "stems/" + stemId + ".wav", audioHash,
                "2026-11-26T00:00:01Z", stemId + ".wav", "SUCCESS");
    }

    /** A decision whose command the claims task sent along with it. */
    private static Decision decision(String stemId, String ownerStemId, String causeId) {
        return new Decision(new ClaimDecision(stemId, CLAIM, "aa11", ownerStemId, causeId, true), START);
    }

    /** A decision on a request written before the claims task sent commands: the stem side sends it. */
    private static Decision legacyDecision(String stemId, String ownerStemId, String causeId) {
        return new Decision(new ClaimDecision(stemId, CLAIM, "aa11", ownerStemId, causeId, false), START);
    }

    private static Inbound completion(String eventId, String stemId, Stage stage, String status, String errorCode) {
        CompletionResult result = errorCode != null ? CompletionResult.failure("error " + errorCode, errorCode)
                : "SUCCESS".equals(status) ? TopologyDrivers.ANALYSIS_RESULT : null;
        return new Inbound(new ProcessingCompleted(eventId, LATER, stemId, stage == null ? null : stage.taskName(),
                status, "ts", result), LATER);
    }

    /** What a seed worker posts after a duplicate clean-up: no task name, {@code "result": {}}. */
    private static Inbound seedCompletion(String eventId, String stemId) {
        return new Inbound(new ProcessingCompleted(eventId, LATER, stemId, null, "SUCCESS", "ts",
                CompletionResult.success(null, null, null, null, null, null)), LATER);
    }

    private static Inbound retry(String eventId, String stemId) {
        return new Inbound(new RetryRequested(eventId, LATER, stemId, "ops", "worker fixed"), LATER);
    }

    private static Inbound cancel(String eventId, String stemId) {
        return new Inbound(new CancelRequested(eventId, LATER, stemId, "ops", null), LATER);
    }

    private static Inbound delete(String eventId, String stemId) {
        return new Inbound(new StemDeleted(eventId, LATER, stemId, "u1", "t1"), LATER);
    }

    // --- given states, as histories ---

    private static Input[] given(Input... history) {
        return history;
    }

    private static Input[] analysing(String stemId, Input... before) {
        return concat(before, upload(stemId), hash(stemId, "aa11"), decision(stemId, stemId, "hash-" + stemId));
    }

    private static Input[] analysingAtLastAttempt(String stemId) {
        return concat(analysing(stemId), completion("fail-1", stemId, null, "FAILURE", "RETRYABLE"),
                completion("fail-2", stemId, null, "FAILURE", "RETRYABLE"));
    }

    private static Input[] cleaningDuplicate(String stemId) {
        return given(upload(stemId), hash(stemId, "aa11"), decision(stemId, "s1", "hash-" + stemId));
    }

    private static Input[] completed(String stemId) {
        return concat(analysing(stemId), completion("done-" + stemId, stemId, Stage.ANALYSIS, "SUCCESS", null));
    }

    private static Input[] failedInAnalysis(String stemId) {
        return concat(analysing(stemId), completion("fail-" + stemId, stemId, null, "FAILURE", "DECODE_ERROR"));
    }

    private static Input[] settledDuplicate(String stemId) {
        return concat(cleaningDuplicate(stemId), completion("done-" + stemId, stemId, Stage.DUPLICATE, "SUCCESS",
                null));
    }

    private static Input[] cancelled(String stemId) {
        return concat(analysing(stemId), cancel("cancel-" + stemId, stemId));
    }

    private static Input[] deleted(String stemId) {
        return given(upload(stemId), hash(stemId, "aa11"), delete("del-" + stemId, stemId));
    }

    private static Input[] concat(Input[] first, Input... more) {
        Input[] all = Arrays.copyOf(first, first.length + more.length);
        System.arraycopy(more, 0, all, first.length, more.length);
        return all;
    }

    // --- expectations ---

    private record Expected(Phase phase, int attempt, long deadlineMs, List<String> eventIds,
                            List<String> commandIds, List<String> claims) {
    }

    private static Arguments row(String name, Input[] history, Input next, Expected then) {
        return argumentSet(name, new Row(history, next, then.phase(), then.attempt(), then.deadlineMs(),
                then.eventIds(), then.commandIds(), then.claims()));
    }

    private static Expected then(Phase phase, int attempt, long deadlineMs, List<String> eventIds,
                                 List<String> commandIds, String... claims) {
        return new Expected(phase, attempt, deadlineMs, eventIds, commandIds, List.of(claims));
    }

    /** Nothing is stored or commanded; only the given events (a rejection, say) come out. */
    private static Expected unchanged(List<String> eventIds, String... claims) {
        return new Expected(null, 0, 0, eventIds, List.of(), List.of(claims));
    }

    /** The event is remembered, so its redelivery is known, and nothing else happens. */
    private static Expected remembered(Phase phase, int attempt, long deadlineMs) {
        return new Expected(phase, attempt, deadlineMs, List.of(), List.of(), List.of());
    }

    /** A claim request for the stem's first analysis attempt, as {@link #describe} writes it. */
    private static String request(String stemId, String audioHash, String causeId) {
        return requestAt(stemId, audioHash, causeId, 1);
    }

    /** A claim request whose grant commands analysis at {@code analysisAttempt}, as {@link #describe} writes it. */
    private static String requestAt(String stemId, String audioHash, String causeId, int analysisAttempt) {
        return "request " + CLAIM + " " + stemId + " " + audioHash + " " + causeId + " analysis-" + stemId + "-"
                + analysisAttempt + " duplicate-" + stemId + "-1";
    }

    private static String release(String stemId, String causeId) {
        return describe(new ClaimMessage.Release(CLAIM, stemId, causeId));
    }

    /** A claim message by what a row checks: for a request, the task ids of the commands it carries. */
    private static String describe(ClaimMessage claim) {
        if (claim instanceof ClaimMessage.Request request) {
            return "request " + request.claimKey() + " " + request.stemId() + " " + request.audioHash() + " "
                    + request.causeId() + " " + request.analysisIfGranted().id() + " "
                    + request.cleanupIfDuplicate().id();
        }
        return claim.toString();
    }

    private static List<String> events(String... ids) {
        return List.of(ids);
    }

    private static List<String> commands(String... ids) {
        return List.of(ids);
    }

    /** The deadline a stage entered at {@link #START} gets. */
    private static long deadline(Stage stage) {
        return deadlineFrom(START, stage);
    }

    private static long deadlineFrom(Instant entered, Stage stage) {
        return entered.plus(WorkflowSettings.defaults().deadline(stage)).toEpochMilli();
    }
}
