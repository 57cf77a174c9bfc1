package io.waveflow.workflow.topology;

import io.waveflow.contracts.Stage;
import io.waveflow.contracts.command.GenerateHash;
import io.waveflow.contracts.command.ProcessAudioAnalysis;
import io.waveflow.contracts.command.ProcessDuplicateFile;
import io.waveflow.contracts.command.StageCommand;
import io.waveflow.contracts.deadletter.DeadLetter;
import io.waveflow.contracts.inbound.CompletionResult;
import io.waveflow.contracts.inbound.HashReported;
import io.waveflow.contracts.inbound.InboundEvent;
import io.waveflow.contracts.inbound.ProcessingCompleted;
import io.waveflow.contracts.inbound.StemDeleted;
import io.waveflow.contracts.inbound.UploadCompleted;
import io.waveflow.contracts.topic.Topics;
import io.waveflow.contracts.workflow.DuplicateDetected;
import io.waveflow.contracts.workflow.DuplicateSettled;
import io.waveflow.contracts.workflow.EventRejected;
import io.waveflow.contracts.workflow.HashClaimed;
import io.waveflow.contracts.workflow.StageRequested;
import io.waveflow.contracts.workflow.StemCompleted;
import io.waveflow.contracts.workflow.StemFailed;
import io.waveflow.contracts.workflow.StemRegistered;
import io.waveflow.contracts.workflow.StemRemoved;
import io.waveflow.contracts.workflow.WorkflowEvent;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The workflow rules against the real topology, without broker or Spring; every test runs
 * under at-least-once and exactly_once_v2.
 */
class WorkflowTopologyTest {

    private static final Instant START = Instant.parse("2026-11-26T00:00:00Z");

    private TopologyTestDriver driver;
    private TestInputTopic<String, InboundEvent> inbound;
    private TestOutputTopic<String, WorkflowEvent> workflow;
    private TestOutputTopic<String, StageCommand> commands;
    private TestOutputTopic<String, DeadLetter> deadLetters;

    private void start(String guarantee) {
        driver = TopologyDrivers.start("workflow-test-", guarantee, START);
        inbound = TopologyDrivers.input(driver, Topics.INBOUND);
        workflow = TopologyDrivers.output(driver, Topics.WORKFLOW);
        commands = TopologyDrivers.output(driver, Topics.COMMANDS);
        deadLetters = TopologyDrivers.output(driver, Topics.DEAD_LETTER);
    }

    @AfterEach
    void close() {
        driver.close();
    }

    @EveryGuarantee
    void shouldCommandHashingWhenAStemIsUploaded(String guarantee) {
        start(guarantee);

        send(upload("s1"));

        assertThat(commands.readValuesToList()).containsExactly(new GenerateHash("hash-s1-1", START, "s1", 1, "u1",
                "t1", "stems/s1.wav", "2026-11-26T00:00:00Z", "s1.wav"));
        assertThat(workflow.readValuesToList()).containsExactly(
                new StemRegistered("up-s1/registered", START, "s1", "u1", "t1", "stems/s1.wav", "s1.wav"),
                new StageRequested("up-s1/requested-hash-1", START, "s1", Stage.HASH, 1, "hash-s1-1"));
    }

    @EveryGuarantee
    void shouldAnalyseTheFirstStemOfAHashAndCleanUpTheSecond(String guarantee) {
        start(guarantee);
        send(upload("s1"), upload("s2"));
        drain();

        send(hash("s1", "aa11"), hash("s2", "aa11"));

        assertThat(commands.readValuesToList()).containsExactly(
                new ProcessAudioAnalysis("analysis-s1-1", START, "s1", 1, "u1", "t1", "stems/s1.wav", "aa11",
                        "2026-11-26T00:00:01Z", "s1.wav", 1024),
                new ProcessDuplicateFile("duplicate-s2-1", START, "s2", 1, "u1", "t1", "stems/s2.wav", "aa11",
                        "s1"));
        assertThat(workflow.readValuesToList()).containsExactly(
                new HashClaimed("hash-s1/claimed", START, "s1", "aa11"),
                new StageRequested("hash-s1/requested-analysis-1", START, "s1", Stage.ANALYSIS, 1, "analysis-s1-1"),
                new DuplicateDetected("hash-s2/duplicate", START, "s2", "aa11", "s1"),
                new StageRequested("hash-s2/requested-duplicate-1", START, "s2", Stage.DUPLICATE, 1,
                        "duplicate-s2-1"));
        assertThat(claimOwner("u1|t1|aa11")).isEqualTo("s1");
    }

    @EveryGuarantee
    void shouldTreatTheSameHashInAnotherTrackAsNew(String guarantee) {
        start(guarantee);
        send(upload("s1"), new UploadCompleted("up-s2", START, "s2", "u1", "t2", "stems/s2.wav", "s2.wav", "ts"));
        drain();

        send(hash("s1", "aa11"), new HashReported("hash-s2", START, "s2", "u1", "t2", "stems/s2.wav", "aa11", "ts",
                "s2.wav", "SUCCESS"));

        assertThat(commands.readValuesToList()).extracting(StageCommand::stage)
                .containsExactly(Stage.ANALYSIS, Stage.ANALYSIS);
    }

    @EveryGuarantee
    void shouldChangeNothingWhenAWebhookIsDeliveredTwice(String guarantee) {
        start(guarantee);
        send(upload("s1"), hash("s1", "aa11"));
        drain();

        send(upload("s1"), hash("s1", "aa11"));

        assertThat(commands.isEmpty()).isTrue();
        assertThat(workflow.isEmpty()).isTrue();
    }

    @EveryGuarantee
    void shouldSendNoNewCommandWhenTheOwnerReportsItsHashAgain(String guarantee) {
        start(guarantee);
        send(upload("s1"), hash("s1", "aa11"));
        drain();

        send(hash("hash-s1-again", "s1", "aa11"));

        assertThat(commands.isEmpty()).isTrue();
        assertThat(workflow.isEmpty()).isTrue();
    }

    @EveryGuarantee
    void shouldCompleteAStemWithTheSeedsResultFields(String guarantee) {
        start(guarantee);
        send(upload("s1"), hash("s1", "aa11"));
        drain();

        send(new ProcessingCompleted("done-s1", START, "s1", null, "SUCCESS", "ts",
                CompletionResult.success("aa11", "waveforms/s1.json", 1234L, 3.5, 44100, 1024)));

        assertThat(workflow.readValuesToList()).containsExactly(new StemCompleted("done-s1/completed", START, "s1",
                "aa11", "waveforms/s1.json", 1234L, 3.5, 44100, 1024));
        assertThat(commands.isEmpty()).isTrue();
    }

    @EveryGuarantee
    void shouldSettleADuplicateWhenItsFileWasDeleted(String guarantee) {
        start(guarantee);
        send(upload("s1"), upload("s2"), hash("s1", "aa11"), hash("s2", "aa11"));
        drain();

        send(new ProcessingCompleted("done-s2", START, "s2", "app.tasks.process_duplicate_file", "SUCCESS", "ts",
                TopologyDrivers.ANALYSIS_RESULT));

        assertThat(workflow.readValuesToList()).containsExactly(new DuplicateSettled("done-s2/settled", START, "s2"));
    }

    @EveryGuarantee
    void shouldReleaseTheClaimWhenTheOwnerFailsSoTheAudioCanBeClaimedAgain(String guarantee) {
        start(guarantee);
        send(upload("s1"), hash("s1", "aa11"));
        drain();

        send(new ProcessingCompleted("fail-s1", START, "s1", "app.tasks.process_audio_analysis", "FAILURE", "ts",
                CompletionResult.failure("cannot decode", "DECODE_ERROR")));
        assertThat(workflow.readValuesToList()).containsExactly(new StemFailed("fail-s1/failed", START, "s1",
                Stage.ANALYSIS, StemWorkflow.WORKER_ERROR, "DECODE_ERROR", "cannot decode"));
        assertThat(claimOwner("u1|t1|aa11")).isNull();

        send(upload("s3"), hash("s3", "aa11"));
        assertThat(commands.readValuesToList()).extracting(StageCommand::id)
                .containsExactly("hash-s3-1", "analysis-s3-1");
    }

    @EveryGuarantee
    void shouldReleaseTheClaimOfADeletedOwnerButKeepItsDuplicatesDuplicate(String guarantee) {
        start(guarantee);
        send(upload("s1"), upload("s2"), hash("s1", "aa11"), hash("s2", "aa11"));
        drain();

        send(new StemDeleted("del-s1", START, "s1", "u1", "t1"));

        assertThat(workflow.readValuesToList()).containsExactly(new StemRemoved("del-s1/removed", START, "s1"));
        assertThat(claimOwner("u1|t1|aa11")).isNull();
        assertThat(stemPhase("s2")).isEqualTo(Phase.CLEANING_DUPLICATE);
    }

    @EveryGuarantee
    void shouldRejectAHashCheckWithAnotherHashAfterCompletion(String guarantee) {
        start(guarantee);
        send(upload("s1"), hash("s1", "aa11"),
                new ProcessingCompleted("done-s1", START, "s1", null, "SUCCESS", "ts", TopologyDrivers.ANALYSIS_RESULT));
        drain();

        send(hash("hash-s1-different", "s1", "bb22"));

        List<WorkflowEvent> events = workflow.readValuesToList();
        assertThat(events).singleElement().isInstanceOf(EventRejected.class);
        assertThat(((EventRejected) events.get(0)).reason()).contains("bb22").contains("completed");
        assertThat(commands.isEmpty()).isTrue();
    }

    @EveryGuarantee
    void shouldRecordRejectionsForUnknownStemsAndEarlyCompletions(String guarantee) {
        start(guarantee);

        send(new ProcessingCompleted("done-ghost", START, "ghost", null, "SUCCESS", "ts", TopologyDrivers.ANALYSIS_RESULT));
        send(upload("s1"));
        send(new ProcessingCompleted("early-s1", START, "s1", "app.tasks.process_audio_analysis", "SUCCESS", "ts",
                TopologyDrivers.ANALYSIS_RESULT));

        List<EventRejected> rejected = workflow.readValuesToList().stream()
                .filter(EventRejected.class::isInstance).map(EventRejected.class::cast).toList();
        assertThat(rejected).extracting(EventRejected::rejectedEventId).containsExactly("done-ghost", "early-s1");
        assertThat(rejected.get(0).reason()).isEqualTo("completion for an unknown stem");
        assertThat(rejected.get(1).reason()).isEqualTo("completion of stage ANALYSIS but the stem is hashing");
    }

    @EveryGuarantee
    void shouldApplyACompletionRedeliveredAfterItWasRejectedForArrivingEarly(String guarantee) {
        start(guarantee);
        ProcessingCompleted early = new ProcessingCompleted("done-s1", START, "s1", null, "SUCCESS", "ts",
                CompletionResult.success("aa11", "w/s1.json", 1L, 1.0, 44100, 1024));
        send(upload("s1"), early);
        assertThat(workflow.readValuesToList()).last().isInstanceOf(EventRejected.class);
        send(hash("s1", "aa11"));
        drain();

        send(early);

        assertThat(workflow.readValuesToList()).singleElement().isInstanceOf(StemCompleted.class);
    }

    @EveryGuarantee
    void shouldDeadLetterARecordThatCannotBeReadAndKeepRunning(String guarantee) {
        start(guarantee);
        TestInputTopic<String, byte[]> raw = driver.createInputTopic(Topics.INBOUND.name(),
                Serdes.String().serializer(), Serdes.ByteArray().serializer());

        raw.pipeInput("s1", "{not json".getBytes(StandardCharsets.UTF_8));
        send(upload("s2"));

        List<DeadLetter> letters = deadLetters.readValuesToList();
        assertThat(letters).singleElement().satisfies(letter -> {
            assertThat(letter.sourceTopic()).isEqualTo(Topics.INBOUND.name());
            assertThat(letter.key()).isEqualTo("s1");
            assertThat(letter.value()).isEqualTo("{not json");
            assertThat(letter.reason()).contains("not JSON");
            assertThat(letter.failedIn()).isEqualTo("workflow-streams");
        });
        assertThat(commands.readValuesToList()).extracting(StageCommand::id).containsExactly("hash-s2-1");
    }

    @EveryGuarantee
    void shouldRegisterAStemFirstSeenThroughItsHashReport(String guarantee) {
        start(guarantee);

        send(hash("s9", "cc33"));

        assertThat(workflow.readValuesToList()).extracting(WorkflowEvent::getClass).containsExactly(
                StemRegistered.class, HashClaimed.class, StageRequested.class);
        assertThat(commands.readValuesToList()).extracting(StageCommand::id).containsExactly("analysis-s9-1");
    }

    @EveryGuarantee
    void shouldRecommandAStageWhoseWorkerNeverAnswersThenFailWithTimeout(String guarantee) {
        start(guarantee);
        send(upload("s1"));
        drain();

        driver.advanceWallClockTime(Duration.ofMinutes(10).plusSeconds(1));
        assertThat(commands.readValuesToList()).extracting(StageCommand::id).containsExactly("hash-s1-2");
        assertThat(workflow.readValuesToList()).containsExactly(new StageRequested(
                "s1/deadline-hash-1/requested-hash-2", START.plus(Duration.ofMinutes(10).plusSeconds(1)), "s1",
                Stage.HASH, 2, "hash-s1-2"));

        driver.advanceWallClockTime(Duration.ofMinutes(10).plusSeconds(1));
        assertThat(commands.readValuesToList()).extracting(StageCommand::id).containsExactly("hash-s1-3");
        workflow.readValuesToList();

        driver.advanceWallClockTime(Duration.ofMinutes(10).plusSeconds(1));
        assertThat(commands.isEmpty()).isTrue();
        assertThat(workflow.readValuesToList()).singleElement().isInstanceOfSatisfying(StemFailed.class, failed -> {
            assertThat(failed.reason()).isEqualTo(StemWorkflow.TIMEOUT);
            assertThat(failed.stage()).isEqualTo(Stage.HASH);
        });

        driver.advanceWallClockTime(Duration.ofHours(1));
        assertThat(commands.isEmpty()).isTrue();
        assertThat(workflow.isEmpty()).isTrue();
    }

    @EveryGuarantee
    void shouldNotTouchAStemThatAnsweredBeforeItsDeadline(String guarantee) {
        start(guarantee);
        send(upload("s1"), hash("s1", "aa11"));
        drain();

        driver.advanceWallClockTime(Duration.ofMinutes(29));
        send(new ProcessingCompleted("done-s1", START, "s1", null, "SUCCESS", "ts", TopologyDrivers.ANALYSIS_RESULT));
        workflow.readValuesToList();
        driver.advanceWallClockTime(Duration.ofHours(2));

        assertThat(commands.isEmpty()).isTrue();
        assertThat(workflow.isEmpty()).isTrue();
        KeyValueStore<String, String> deadlines = driver.getKeyValueStore(InternalTopics.DEADLINES_STORE);
        assertThat(deadlines.approximateNumEntries()).isZero();
    }

    @EveryGuarantee
    void shouldReleaseTheClaimOfAnOwnerWhoseAnalysisTimedOut(String guarantee) {
        start(guarantee);
        send(upload("s1"), hash("s1", "aa11"));
        drain();

        driver.advanceWallClockTime(Duration.ofMinutes(31));
        driver.advanceWallClockTime(Duration.ofMinutes(31));
        driver.advanceWallClockTime(Duration.ofMinutes(31));

        assertThat(commands.readValuesToList()).extracting(StageCommand::id)
                .containsExactly("analysis-s1-2", "analysis-s1-3");
        assertThat(workflow.readValuesToList()).last().isInstanceOf(StemFailed.class);
        assertThat(claimOwner("u1|t1|aa11")).isNull();
    }

    @EveryGuarantee
    void shouldRetryARetryableWorkerErrorAndFailAFinalOne(String guarantee) {
        start(guarantee);
        send(upload("s1"), hash("s1", "aa11"));
        drain();

        send(new ProcessingCompleted("fail-1", START, "s1", null, "FAILURE", "ts",
                CompletionResult.failure("S3 throttled", "THROTTLED")));
        assertThat(commands.readValuesToList()).extracting(StageCommand::id).containsExactly("analysis-s1-2");
        assertThat(workflow.readValuesToList()).extracting(WorkflowEvent::getClass)
                .containsExactly(StageRequested.class);

        send(new ProcessingCompleted("fail-2", START, "s1", null, "FAILURE", "ts",
                CompletionResult.failure("not a WAV file", "UNSUPPORTED_FORMAT")));
        assertThat(commands.isEmpty()).isTrue();
        assertThat(workflow.readValuesToList()).containsExactly(new StemFailed("fail-2/failed", START, "s1",
                Stage.ANALYSIS, StemWorkflow.WORKER_ERROR, "UNSUPPORTED_FORMAT", "not a WAV file"));
    }

    @EveryGuarantee
    void shouldCommandNothingForAHashCheckRedeliveredAfterCompletionDeletionOrFailure(String guarantee) {
        start(guarantee);
        send(upload("done"), hash("done", "aa11"), upload("gone"), hash("gone", "bb22"), upload("broke"),
                hash("broke", "cc33"));
        send(new ProcessingCompleted("c-done", START, "done", null, "SUCCESS", "ts", TopologyDrivers.ANALYSIS_RESULT),
                new StemDeleted("d-gone", START, "gone", "u1", "t1"),
                new ProcessingCompleted("f-broke", START, "broke", null, "FAILURE", "ts",
                        CompletionResult.failure("not a WAV file", "UNSUPPORTED_FORMAT")));
        assertThat(List.of(stemPhase("done"), stemPhase("gone"), stemPhase("broke")))
                .containsExactly(Phase.COMPLETED, Phase.DELETED, Phase.FAILED);
        drain();

        // The same webhook again (same event id), and the worker posting it once more (a new id).
        send(hash("done", "aa11"), hash("gone", "bb22"), hash("broke", "cc33"),
                hash("again-done", "done", "aa11"), hash("again-gone", "gone", "bb22"),
                hash("again-broke", "broke", "cc33"));

        assertThat(commands.isEmpty()).isTrue();
        assertThat(List.of(stemPhase("done"), stemPhase("gone"), stemPhase("broke")))
                .containsExactly(Phase.COMPLETED, Phase.DELETED, Phase.FAILED);
        // The deleted stem gave its hash back and the failed owner too: nobody holds them now.
        assertThat(claimOwner("u1|t1|aa11")).isEqualTo("done");
        assertThat(claimOwner("u1|t1|bb22")).isNull();
        assertThat(claimOwner("u1|t1|cc33")).isNull();
    }

    private void send(InboundEvent... events) {
        for (InboundEvent event : events) {
            inbound.pipeInput(event.stemId(), event, START);
        }
    }

    private void drain() {
        workflow.readValuesToList();
        commands.readValuesToList();
    }

    private String claimOwner(String claimKey) {
        KeyValueStore<String, HashClaim> store = driver.getKeyValueStore(InternalTopics.HASH_CLAIMS_STORE);
        HashClaim claim = store.get(claimKey);
        return claim == null ? null : claim.ownerStemId();
    }

    private Phase stemPhase(String stemId) {
        KeyValueStore<String, StemState> store = driver.getKeyValueStore(InternalTopics.STEM_STATE_STORE);
        return store.get(stemId).phase();
    }

    private static UploadCompleted upload(String stemId) {
        return new UploadCompleted("up-" + stemId, START, stemId, "u1", "t1", "stems/" + stemId + ".wav",
                stemId + ".wav", "2026-11-26T00:00:00Z");
    }

    private static HashReported hash(String stemId, String audioHash) {
        return hash("hash-" + stemId, stemId, audioHash);
    }

    private static HashReported hash(String eventId, String stemId, String audioHash) {
        return new HashReported(eventId, START, stemId, "u1", "t1", "stems/" + stemId + ".wav", audioHash,
                "2026-11-26T00:00:01Z", stemId + ".wav", "SUCCESS");
    }
}
