package io.waveflow.projections.store;

import io.waveflow.contracts.Stage;
import io.waveflow.contracts.StemMessage;
import io.waveflow.contracts.inbound.InboundEvent;
import io.waveflow.contracts.workflow.WorkflowEvent;
import io.waveflow.projections.InboundEvents;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.waveflow.projections.InboundEvents.HASH_REPORTED_AT;
import static io.waveflow.projections.InboundEvents.UPLOADED_AT;
import static io.waveflow.projections.WorkflowEvents.FINISHED_AT;
import static io.waveflow.projections.WorkflowEvents.HASHED_AT;
import static io.waveflow.projections.WorkflowEvents.REGISTERED_AT;
import static io.waveflow.projections.WorkflowEvents.cancelled;
import static io.waveflow.projections.WorkflowEvents.completed;
import static io.waveflow.projections.WorkflowEvents.completedStem;
import static io.waveflow.projections.WorkflowEvents.duplicateDetected;
import static io.waveflow.projections.WorkflowEvents.duplicateSettled;
import static io.waveflow.projections.WorkflowEvents.duplicateStem;
import static io.waveflow.projections.WorkflowEvents.failed;
import static io.waveflow.projections.WorkflowEvents.hashClaimed;
import static io.waveflow.projections.WorkflowEvents.registered;
import static io.waveflow.projections.WorkflowEvents.removed;
import static io.waveflow.projections.WorkflowEvents.rejected;
import static io.waveflow.projections.WorkflowEvents.stageRequested;
import static io.waveflow.projections.store.StemColumn.ATTEMPTS;
import static io.waveflow.projections.store.StemColumn.AUDIO_HASH;
import static io.waveflow.projections.store.StemColumn.CREATED_AT;
import static io.waveflow.projections.store.StemColumn.DUPLICATE_OF;
import static io.waveflow.projections.store.StemColumn.DURATION;
import static io.waveflow.projections.store.StemColumn.ERROR_CODE;
import static io.waveflow.projections.store.StemColumn.ERROR_MESSAGE;
import static io.waveflow.projections.store.StemColumn.FILEPATH;
import static io.waveflow.projections.store.StemColumn.FILE_SIZE;
import static io.waveflow.projections.store.StemColumn.NUM_PEAKS;
import static io.waveflow.projections.store.StemColumn.ORIGINAL_FILENAME;
import static io.waveflow.projections.store.StemColumn.PROCESSED_AT;
import static io.waveflow.projections.store.StemColumn.SAMPLE_RATE;
import static io.waveflow.projections.store.StemColumn.STAGE;
import static io.waveflow.projections.store.StemColumn.STAGE_STARTED_AT;
import static io.waveflow.projections.store.StemColumn.STATUS;
import static io.waveflow.projections.store.StemColumn.TRACK_ID;
import static io.waveflow.projections.store.StemColumn.UPDATED_AT;
import static io.waveflow.projections.store.StemColumn.USER_ID;
import static io.waveflow.projections.store.StemColumn.WAVEFORM_DATA_PATH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

class StemChangesTest {

    private static final String STEM = "stem-1";

    @Test
    void shouldMapEveryPermittedWorkflowEventType() {
        List<WorkflowEvent> oneOfEach = List.of(registered(STEM), stageRequested(STEM, Stage.HASH, 1, REGISTERED_AT),
                hashClaimed(STEM, "h"), duplicateDetected(STEM, "h", "owner"), completed(STEM, "h"),
                duplicateSettled(STEM), failed(STEM, "E1", "boom"), rejected(STEM, "x", FINISHED_AT),
                removed(STEM, FINISHED_AT), cancelled(STEM, FINISHED_AT));

        assertThat(oneOfEach).extracting(WorkflowEvent::getClass)
                .containsExactlyInAnyOrder(Arrays.stream(WorkflowEvent.class.getPermittedSubclasses()).toArray(Class[]::new));
        oneOfEach.forEach(StemChanges::of);
    }

    @Test
    void shouldMapEveryPermittedInboundEventType() {
        List<InboundEvent> oneOfEach = List.of(InboundEvents.uploaded(STEM), InboundEvents.hashReported(STEM, "h"),
                InboundEvents.analysed(STEM, "h"), InboundEvents.deleted(STEM, FINISHED_AT),
                InboundEvents.retryRequested(STEM, FINISHED_AT), InboundEvents.cancelRequested(STEM, FINISHED_AT));

        assertThat(oneOfEach).extracting(InboundEvent::getClass)
                .containsExactlyInAnyOrder(Arrays.stream(InboundEvent.class.getPermittedSubclasses()).toArray(Class[]::new));
        oneOfEach.forEach(StemChanges::of);
    }

    @Test
    void shouldRegisterStemAsProcessingPreferringItsIdentityOverInboundFacts() {
        StemChange change = change(registered(STEM));

        assertThat(change.values()).containsOnly(
                entry(USER_ID, "user-7"), entry(TRACK_ID, "track-42"), entry(FILEPATH, "uploads/stem-1.wav"),
                entry(ORIGINAL_FILENAME, "bass.wav"), entry(STATUS, "processing"), entry(CREATED_AT, REGISTERED_AT),
                entry(UPDATED_AT, REGISTERED_AT));
        assertThat(change.writes().get(USER_ID).rule()).isEqualTo(ColumnRule.PREFER);
        assertThat(change.writes().get(STATUS).rule()).isEqualTo(ColumnRule.OVERWRITE);
        assertThat(change.writes().get(CREATED_AT).rule()).isEqualTo(ColumnRule.EARLIEST);
        assertThat(change.writes().get(UPDATED_AT).rule()).isEqualTo(ColumnRule.LATEST);
    }

    @Test
    void shouldLetUploadOnlyFillGapsAndNeverSetAStatusOverAnother() {
        StemChange change = change(InboundEvents.uploaded(STEM));

        assertThat(change.values()).containsOnly(
                entry(USER_ID, "user-7"), entry(TRACK_ID, "track-42"), entry(FILEPATH, "uploads/stem-1.wav"),
                entry(ORIGINAL_FILENAME, "bass.wav"), entry(STATUS, "processing"), entry(CREATED_AT, UPLOADED_AT),
                entry(UPDATED_AT, UPLOADED_AT));
        assertThat(change.writes()).allSatisfy((column, write) -> assertThat(write.rule())
                .isIn(ColumnRule.FILL, ColumnRule.EARLIEST, ColumnRule.LATEST));
    }

    @Test
    void shouldNotTakeTheReportedHashBeforeTheWorkflowAcceptedIt() {
        assertThat(change(InboundEvents.hashReported(STEM, "abc")).values())
                .doesNotContainKey(AUDIO_HASH)
                .contains(entry(CREATED_AT, HASH_REPORTED_AT), entry(FILEPATH, "uploads/stem-1.wav"));
    }

    @Test
    void shouldKeepCompletionReportsAndDeletionRequestsInHistoryOnly() {
        assertThat(StemChanges.of(InboundEvents.analysed(STEM, "abc"))).isEmpty();
        assertThat(StemChanges.of(InboundEvents.deleted(STEM, FINISHED_AT))).isEmpty();
    }

    @Test
    void shouldKeepOperatorCommandsInHistoryOnly() {
        assertThat(StemChanges.of(InboundEvents.retryRequested(STEM, FINISHED_AT))).isEmpty();
        assertThat(StemChanges.of(InboundEvents.cancelRequested(STEM, FINISHED_AT))).isEmpty();
    }

    @Test
    void shouldMarkCancelledStemCancelledAndDone() {
        assertThat(values(cancelled(STEM, FINISHED_AT))).containsOnly(entry(STATUS, "cancelled"),
                entry(PROCESSED_AT, FINISHED_AT), entry(STAGE, "done"), entry(STAGE_STARTED_AT, FINISHED_AT));
    }

    @Test
    void shouldPutARetriedFailedStemBackInFlight() {
        StemChange retried = change(failed(STEM, "E1", "boom"))
                .then(change(stageRequested(STEM, Stage.ANALYSIS, 2, FINISHED_AT.plusSeconds(5))));

        assertThat(retried.values()).contains(entry(STATUS, "processing"), entry(STAGE, "analysis"),
                entry(ATTEMPTS, 2), entry(STAGE_STARTED_AT, FINISHED_AT.plusSeconds(5)));
        assertThat(values(stageRequested(STEM, Stage.DUPLICATE, 2, FINISHED_AT))).contains(entry(STATUS, "duplicate"));
    }

    @Test
    void shouldRecordRequestedStageInLowerCaseWithItsAttempt() {
        assertThat(values(stageRequested(STEM, Stage.ANALYSIS, 2, HASHED_AT)))
                .containsOnly(entry(STATUS, "processing"), entry(STAGE, "analysis"), entry(STAGE_STARTED_AT, HASHED_AT),
                        entry(ATTEMPTS, 2));
    }

    @Test
    void shouldStartTheStageAtTheTimeOfEveryEventThatSetsItAndOverwriteLikeTheStage() {
        StemChange retried = change(stageRequested(STEM, Stage.ANALYSIS, 1, HASHED_AT))
                .then(change(stageRequested(STEM, Stage.ANALYSIS, 2, FINISHED_AT)));

        assertThat(retried.values()).contains(entry(STAGE, "analysis"), entry(STAGE_STARTED_AT, FINISHED_AT));
        assertThat(change(stageRequested(STEM, Stage.HASH, 1, REGISTERED_AT)).writes().get(STAGE_STARTED_AT).rule())
                .isEqualTo(ColumnRule.OVERWRITE);
        assertThat(List.of(duplicateDetected(STEM, "h", "owner"), completed(STEM, "h"), duplicateSettled(STEM),
                failed(STEM, "E1", "boom"), removed(STEM, FINISHED_AT.plusSeconds(9))))
                .allSatisfy(event -> assertThat(change(event).values())
                        .containsEntry(STAGE_STARTED_AT, event.time()).containsKey(STAGE));
        assertThat(List.of(registered(STEM), hashClaimed(STEM, "h")))
                .allSatisfy(event -> assertThat(change(event).values()).doesNotContainKeys(STAGE, STAGE_STARTED_AT));
    }

    @Test
    void shouldRecordClaimedHash() {
        assertThat(values(hashClaimed(STEM, "abc"))).containsOnly(entry(AUDIO_HASH, "abc"));
    }

    @Test
    void shouldMarkDuplicateWithItsOwner() {
        assertThat(values(duplicateDetected(STEM, "abc", "owner-1"))).containsOnly(
                entry(STATUS, "duplicate"), entry(AUDIO_HASH, "abc"), entry(DUPLICATE_OF, "owner-1"),
                entry(STAGE, "duplicate"), entry(STAGE_STARTED_AT, HASHED_AT));
    }

    @Test
    void shouldCompleteStemWithAnalysisResultAndClearErrors() {
        assertThat(values(completed(STEM, "abc"))).containsOnly(
                entry(STATUS, "completed"), entry(AUDIO_HASH, "abc"), entry(WAVEFORM_DATA_PATH, "waveforms/stem-1.json"),
                entry(FILE_SIZE, 1_234_567L), entry(DURATION, 183.25), entry(SAMPLE_RATE, 44_100),
                entry(NUM_PEAKS, 1024), entry(PROCESSED_AT, FINISHED_AT), entry(STAGE, "done"),
                entry(STAGE_STARTED_AT, FINISHED_AT), entry(ERROR_CODE, null), entry(ERROR_MESSAGE, null));
    }

    @Test
    void shouldSettleDuplicateWithoutChangingItsStatus() {
        assertThat(values(duplicateSettled(STEM)))
                .containsOnly(entry(STAGE, "done"), entry(STAGE_STARTED_AT, FINISHED_AT),
                        entry(PROCESSED_AT, FINISHED_AT))
                .doesNotContainKey(STATUS);
    }

    @Test
    void shouldFailStemWithWorkerError() {
        assertThat(values(failed(STEM, "DECODE_ERROR", "cannot decode"))).containsOnly(
                entry(STATUS, "error"), entry(ERROR_CODE, "DECODE_ERROR"), entry(ERROR_MESSAGE, "cannot decode"),
                entry(PROCESSED_AT, FINISHED_AT), entry(STAGE, "done"), entry(STAGE_STARTED_AT, FINISHED_AT));
    }

    @Test
    void shouldUseFailureReasonWhenWorkerSentNoMessage() {
        assertThat(values(failed(STEM, null, null)))
                .contains(entry(ERROR_MESSAGE, "worker-error"), entry(ERROR_CODE, null));
    }

    @Test
    void shouldMarkRemovedStemDeletedAndKeepItsResult() {
        assertThat(values(removed(STEM, FINISHED_AT))).containsOnly(entry(STATUS, "deleted"), entry(STAGE, "done"),
                entry(STAGE_STARTED_AT, FINISHED_AT));
    }

    @Test
    void shouldKeepRejectedEventsInHistoryOnly() {
        assertThat(StemChanges.of(rejected(STEM, "x", FINISHED_AT))).isEmpty();
    }

    @Test
    void shouldFoldHappyPathIntoCompletedRow() {
        StemChange folded = fold(completedStem(STEM, "abc"));

        assertThat(folded.values()).contains(entry(STATUS, "completed"), entry(STAGE, "done"),
                entry(STAGE_STARTED_AT, FINISHED_AT), entry(ATTEMPTS, 1), entry(CREATED_AT, REGISTERED_AT), entry(UPDATED_AT, FINISHED_AT),
                entry(USER_ID, "user-7"));
    }

    @Test
    void shouldFoldDuplicatePathIntoSettledDuplicate() {
        StemChange folded = fold(duplicateStem(STEM, "abc", "owner-1"));

        assertThat(folded.values()).contains(entry(STATUS, "duplicate"), entry(STAGE, "done"),
                entry(DUPLICATE_OF, "owner-1"), entry(PROCESSED_AT, FINISHED_AT));
    }

    @Test
    void shouldKeepLatestUpdateAndEarliestCreationWhenFoldingAnOlderChange() {
        StemChange later = change(completed(STEM, "abc"));
        StemChange earlier = change(hashClaimed(STEM, "abc"));

        assertThat(later.then(earlier).values())
                .contains(entry(UPDATED_AT, FINISHED_AT), entry(CREATED_AT, HASHED_AT));
    }

    @Test
    void shouldRefuseToFoldChangesOfDifferentStems() {
        StemChange one = change(hashClaimed("a", "h"));
        StemChange other = change(hashClaimed("b", "h"));

        assertThatThrownBy(() -> one.then(other)).isInstanceOf(IllegalArgumentException.class);
    }

    private static StemChange change(StemMessage event) {
        Optional<StemChange> change = StemChanges.of(event);
        assertThat(change).isPresent();
        assertThat(change.get().stemId()).isEqualTo(event.stemId());
        return change.get();
    }

    /** The columns the event writes besides the two times every event writes. */
    private static Map<StemColumn, Object> values(WorkflowEvent event) {
        Map<StemColumn, Object> values = change(event).values();
        assertThat(values).containsEntry(UPDATED_AT, event.time()).containsEntry(CREATED_AT, event.time());
        values.remove(UPDATED_AT);
        values.remove(CREATED_AT);
        return values;
    }

    private static StemChange fold(List<WorkflowEvent> events) {
        return events.stream().map(StemChanges::of).flatMap(Optional::stream).reduce(StemChange::then).orElseThrow();
    }
}
