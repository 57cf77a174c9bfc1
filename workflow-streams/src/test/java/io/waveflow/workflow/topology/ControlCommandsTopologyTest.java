package io.waveflow.workflow.topology;

import io.waveflow.contracts.Stage;
import io.waveflow.contracts.command.StageCommand;
import io.waveflow.contracts.inbound.CancelRequested;
import io.waveflow.contracts.inbound.CompletionResult;
import io.waveflow.contracts.inbound.HashReported;
import io.waveflow.contracts.inbound.InboundEvent;
import io.waveflow.contracts.inbound.ProcessingCompleted;
import io.waveflow.contracts.inbound.RetryRequested;
import io.waveflow.contracts.inbound.UploadCompleted;
import io.waveflow.contracts.topic.Topics;
import io.waveflow.contracts.workflow.DuplicateDetected;
import io.waveflow.contracts.workflow.EventRejected;
import io.waveflow.contracts.workflow.HashClaimed;
import io.waveflow.contracts.workflow.StageRequested;
import io.waveflow.contracts.workflow.StemCancelled;
import io.waveflow.contracts.workflow.StemFailed;
import io.waveflow.contracts.workflow.WorkflowEvent;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operators' retry and cancel commands (issue 15) against the real topology, claim hop and
 * deadline index included; every test runs under at-least-once and exactly_once_v2.
 */
class ControlCommandsTopologyTest {

    private static final Instant START = Instant.parse("2026-11-26T00:00:00Z");
    private static final String CLAIM = "u1|t1|aa11";

    private TopologyTestDriver driver;
    private TestInputTopic<String, InboundEvent> inbound;
    private TestOutputTopic<String, WorkflowEvent> workflow;
    private TestOutputTopic<String, StageCommand> commands;
    private Instant clock = START;

    private void start(String guarantee) {
        driver = TopologyDrivers.start("control-commands-", guarantee, START);
        inbound = TopologyDrivers.input(driver, Topics.INBOUND);
        workflow = TopologyDrivers.output(driver, Topics.WORKFLOW);
        commands = TopologyDrivers.output(driver, Topics.COMMANDS);
    }

    @AfterEach
    void close() {
        driver.close();
    }

    @EveryGuarantee
    void shouldAnalyseAFailedOwnerAgainAtItsNextAttemptAfterClaimingItsHashAgain(String guarantee) {
        start(guarantee);
        send(upload("s1"), hash("s1", "aa11"), finalFailure("fail-s1", "s1"));
        drain();
        assertThat(claimOwner()).isNull();

        send(retry("retry-s1", "s1"));

        assertThat(commands.readValuesToList()).extracting(StageCommand::id).containsExactly("analysis-s1-2");
        assertThat(workflow.readValuesToList()).containsExactly(
                new HashClaimed("retry-s1/claimed", START, "s1", "aa11"),
                new StageRequested("retry-s1/requested-analysis-2", START, "s1", Stage.ANALYSIS, 2, "analysis-s1-2"));
        assertThat(claimOwner()).isEqualTo("s1");
        assertThat(state("s1").phase()).isEqualTo(Phase.ANALYSING);

        send(retry("retry-s1", "s1"));
        assertThat(commands.isEmpty()).isTrue();
        assertThat(workflow.isEmpty()).isTrue();

        send(new ProcessingCompleted("done-s1", START, "s1", null, "SUCCESS", "ts", TopologyDrivers.ANALYSIS_RESULT));
        assertThat(state("s1").phase()).isEqualTo(Phase.COMPLETED);
    }

    @EveryGuarantee
    void shouldMakeARetriedOwnerTheDuplicateOfTheStemThatClaimedItsHashMeanwhile(String guarantee) {
        start(guarantee);
        send(upload("s1"), hash("s1", "aa11"), finalFailure("fail-s1", "s1"), upload("s3"), hash("s3", "aa11"));
        drain();
        assertThat(claimOwner()).isEqualTo("s3");

        send(retry("retry-s1", "s1"));

        assertThat(commands.readValuesToList()).extracting(StageCommand::id).containsExactly("duplicate-s1-1");
        assertThat(workflow.readValuesToList()).startsWith(
                new DuplicateDetected("retry-s1/duplicate", START, "s1", "aa11", "s3"));
        assertThat(claimOwner()).isEqualTo("s3");
        assertThat(state("s1").phase()).isEqualTo(Phase.CLEANING_DUPLICATE);
    }

    @EveryGuarantee
    void shouldContinueWithTheFourthTaskIdAfterThreeTimeoutsAndKeepOneDeadline(String guarantee) {
        start(guarantee);
        send(upload("s1"), hash("s1", "aa11"));
        for (int i = 0; i < 3; i++) {
            advance(Duration.ofMinutes(31));
        }
        assertThat(workflow.readValuesToList()).last().isInstanceOfSatisfying(StemFailed.class,
                failed -> assertThat(failed.reason()).isEqualTo(StemWorkflow.TIMEOUT));
        commands.readValuesToList();
        assertThat(deadlines()).isEmpty();

        send(retry("retry-s1", "s1"));

        assertThat(commands.readValuesToList()).extracting(StageCommand::id).containsExactly("analysis-s1-4");
        StemState retried = state("s1");
        assertThat(retried.attempt()).isEqualTo(4);
        assertThat(retried.deadlineMs()).isEqualTo(clock.plus(Duration.ofMinutes(30)).toEpochMilli());
        assertThat(deadlines()).containsExactly(StemProcessor.deadlineKey(retried.deadlineMs(), "s1"));
        drain();

        // The operator's attempt is beyond the automatic budget: its own timeout fails the stem again.
        advance(Duration.ofMinutes(31));
        assertThat(commands.isEmpty()).isTrue();
        assertThat(workflow.readValuesToList()).singleElement().isInstanceOf(StemFailed.class);
        assertThat(claimOwner()).isNull();
    }

    @EveryGuarantee
    void shouldCommandAStuckStageAgainNowAndMoveItsDeadline(String guarantee) {
        start(guarantee);
        send(upload("s1"));
        drain();

        advance(Duration.ofMinutes(5));
        send(retry("retry-s1", "s1"));
        assertThat(commands.readValuesToList()).extracting(StageCommand::id).containsExactly("hash-s1-2");
        assertThat(deadlines()).hasSize(1);

        advance(Duration.ofMinutes(6)); // past the first attempt's deadline
        assertThat(commands.isEmpty()).isTrue();

        advance(Duration.ofMinutes(5)); // past the retry's deadline
        assertThat(commands.readValuesToList()).extracting(StageCommand::id).containsExactly("hash-s1-3");
    }

    @EveryGuarantee
    void shouldRejectARetryOfASettledStemAndSendNothing(String guarantee) {
        start(guarantee);
        send(upload("s1"), hash("s1", "aa11"), new ProcessingCompleted("done-s1", START, "s1", null, "SUCCESS", "ts",
                TopologyDrivers.ANALYSIS_RESULT));
        drain();

        send(retry("retry-s1", "s1"));

        assertThat(commands.isEmpty()).isTrue();
        assertThat(workflow.readValuesToList()).singleElement().isInstanceOfSatisfying(EventRejected.class,
                rejected -> assertThat(rejected.reason()).isEqualTo("retry but the stem is completed"));
        assertThat(state("s1").phase()).isEqualTo(Phase.COMPLETED);
        assertThat(claimOwner()).isEqualTo("s1");
    }

    @EveryGuarantee
    void shouldCancelAnOwnerReleaseItsClaimAndRejectItsLateCompletion(String guarantee) {
        start(guarantee);
        send(upload("s1"), hash("s1", "aa11"));
        drain();

        send(new CancelRequested("cancel-s1", START, "s1", "ops-alice", "uploaded by mistake"));
        assertThat(workflow.readValuesToList()).containsExactly(
                new StemCancelled("cancel-s1/cancelled", START, "s1", "ops-alice", "uploaded by mistake"));
        assertThat(claimOwner()).isNull();
        assertThat(deadlines()).isEmpty();

        send(new ProcessingCompleted("done-s1", START, "s1", "app.tasks.process_audio_analysis", "SUCCESS", "ts",
                TopologyDrivers.ANALYSIS_RESULT));
        assertThat(workflow.readValuesToList()).singleElement().isInstanceOf(EventRejected.class);
        assertThat(state("s1").phase()).isEqualTo(Phase.CANCELLED);

        send(upload("s3"), hash("s3", "aa11"));
        assertThat(commands.readValuesToList()).extracting(StageCommand::id)
                .containsExactly("hash-s3-1", "analysis-s3-1");
        assertThat(claimOwner()).isEqualTo("s3");

        advance(Duration.ofHours(2));
        send(retry("retry-s1", "s1"), new CancelRequested("cancel-s1-again", START, "s1", "ops", null));
        assertThat(commands.readValuesToList()).extracting(StageCommand::stemId).doesNotContain("s1");
        assertThat(workflow.readValuesToList()).filteredOn(event -> event.stemId().equals("s1"))
                .allMatch(EventRejected.class::isInstance).hasSize(2);
    }

    @EveryGuarantee
    void shouldCancelAHashingStemAndRejectItsLateHashReport(String guarantee) {
        start(guarantee);
        send(upload("s1"), new CancelRequested("cancel-s1", START, "s1", "ops", null));
        drain();
        assertThat(deadlines()).isEmpty();

        send(hash("s1", "aa11"));

        assertThat(workflow.readValuesToList()).singleElement().isInstanceOf(EventRejected.class);
        assertThat(commands.isEmpty()).isTrue();
        assertThat(claimOwner()).isNull();
        advance(Duration.ofHours(1));
        assertThat(commands.isEmpty()).isTrue();
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

    private void advance(Duration jump) {
        clock = clock.plus(jump);
        driver.advanceWallClockTime(jump);
    }

    private String claimOwner() {
        KeyValueStore<String, HashClaim> store = driver.getKeyValueStore(InternalTopics.HASH_CLAIMS_STORE);
        HashClaim claim = store.get(CLAIM);
        return claim == null ? null : claim.ownerStemId();
    }

    private StemState state(String stemId) {
        KeyValueStore<String, StemState> store = driver.getKeyValueStore(InternalTopics.STEM_STATE_STORE);
        return store.get(stemId);
    }

    private List<String> deadlines() {
        KeyValueStore<String, String> store = driver.getKeyValueStore(InternalTopics.DEADLINES_STORE);
        List<String> keys = new ArrayList<>();
        try (KeyValueIterator<String, String> entries = store.all()) {
            while (entries.hasNext()) {
                KeyValue<String, String> entry = entries.next();
                keys.add(entry.key);
            }
        }
        return keys;
    }

    private static RetryRequested retry(String eventId, String stemId) {
        return new RetryRequested(eventId, START, stemId, "ops-alice", "worker fixed");
    }

    private static ProcessingCompleted finalFailure(String eventId, String stemId) {
        return new ProcessingCompleted(eventId, START, stemId, "app.tasks.process_audio_analysis", "FAILURE", "ts",
                CompletionResult.failure("cannot decode", "DECODE_ERROR"));
    }

    private static UploadCompleted upload(String stemId) {
        return new UploadCompleted("up-" + stemId, START, stemId, "u1", "t1", "stems/" + stemId + ".wav",
                stemId + ".wav", "2026-11-26T00:00:00Z");
    }

    private static HashReported hash(String stemId, String audioHash) {
        return new HashReported("hash-" + stemId, START, stemId, "u1", "t1", "stems/" + stemId + ".wav", audioHash,
                "2026-11-26T00:00:01Z", stemId + ".wav", "SUCCESS");
    }
}
