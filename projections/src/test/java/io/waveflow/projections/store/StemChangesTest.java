package io.waveflow.projections.store;

import io.waveflow.contracts.Stage;
import io.waveflow.contracts.workflow.WorkflowEvent;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.waveflow.projections.WorkflowEvents.FINISHED_AT;
import static io.waveflow.projections.WorkflowEvents.HASHED_AT;
import static io.waveflow.projections.WorkflowEvents.REGISTERED_AT;
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
import static io.waveflow.projections.store.StemColumn.STATUS;
import static io.waveflow.projections.store.StemColumn.TRACK_ID;
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
                removed(STEM, FINISHED_AT));

        assertThat(oneOfEach).extracting(WorkflowEvent::getClass)
                .containsExactlyInAnyOrder(Arrays.stream(WorkflowEvent.class.getPermittedSubclasses()).toArray(Class[]::new));
        oneOfEach.forEach(StemChanges::of);
    }

    @Test
    void shouldRegisterStemAsProcessing() {
        assertThat(values(registered(STEM))).containsOnly(
                entry(USER_ID, "user-7"), entry(TRACK_ID, "track-42"), entry(FILEPATH, "uploads/stem-1.wav"),
                entry(ORIGINAL_FILENAME, "bass.wav"), entry(STATUS, "processing"), entry(CREATED_AT, REGISTERED_AT));
    }

    @Test
    void shouldRecordRequestedStageInLowerCaseWithItsAttempt() {
        assertThat(values(stageRequested(STEM, Stage.ANALYSIS, 2, HASHED_AT)))
                .containsOnly(entry(STAGE, "analysis"), entry(ATTEMPTS, 2));
    }

    @Test
    void shouldRecordClaimedHash() {
        assertThat(values(hashClaimed(STEM, "abc"))).containsOnly(entry(AUDIO_HASH, "abc"));
    }

    @Test
    void shouldMarkDuplicateWithItsOwner() {
        assertThat(values(duplicateDetected(STEM, "abc", "owner-1"))).containsOnly(
                entry(STATUS, "duplicate"), entry(AUDIO_HASH, "abc"), entry(DUPLICATE_OF, "owner-1"),
                entry(STAGE, "duplicate"));
    }

    @Test
    void shouldCompleteStemWithAnalysisResultAndClearErrors() {
        assertThat(values(completed(STEM, "abc"))).containsOnly(
                entry(STATUS, "completed"), entry(AUDIO_HASH, "abc"), entry(WAVEFORM_DATA_PATH, "waveforms/stem-1.json"),
                entry(FILE_SIZE, 1_234_567L), entry(DURATION, 183.25), entry(SAMPLE_RATE, 44_100),
                entry(NUM_PEAKS, 1024), entry(PROCESSED_AT, FINISHED_AT), entry(STAGE, "done"),
                entry(ERROR_CODE, null), entry(ERROR_MESSAGE, null));
    }

    @Test
    void shouldSettleDuplicateWithoutChangingItsStatus() {
        assertThat(values(duplicateSettled(STEM)))
                .containsOnly(entry(STAGE, "done"), entry(PROCESSED_AT, FINISHED_AT))
                .doesNotContainKey(STATUS);
    }

    @Test
    void shouldFailStemWithWorkerError() {
        assertThat(values(failed(STEM, "DECODE_ERROR", "cannot decode"))).containsOnly(
                entry(STATUS, "error"), entry(ERROR_CODE, "DECODE_ERROR"), entry(ERROR_MESSAGE, "cannot decode"),
                entry(PROCESSED_AT, FINISHED_AT), entry(STAGE, "done"));
    }

    @Test
    void shouldUseFailureReasonWhenWorkerSentNoMessage() {
        assertThat(values(failed(STEM, null, null)))
                .contains(entry(ERROR_MESSAGE, "worker-error"), entry(ERROR_CODE, null));
    }

    @Test
    void shouldMarkRemovedStemDeletedAndKeepItsResult() {
        assertThat(values(removed(STEM, FINISHED_AT))).containsOnly(entry(STATUS, "deleted"), entry(STAGE, "done"));
    }

    @Test
    void shouldKeepRejectedEventsInHistoryOnly() {
        assertThat(StemChanges.of(rejected(STEM, "x", FINISHED_AT))).isEmpty();
    }

    @Test
    void shouldFoldHappyPathIntoCompletedRow() {
        StemChange folded = fold(completedStem(STEM, "abc"));

        assertThat(folded.eventTime()).isEqualTo(FINISHED_AT);
        assertThat(folded.values()).contains(entry(STATUS, "completed"), entry(STAGE, "done"),
                entry(ATTEMPTS, 1), entry(CREATED_AT, REGISTERED_AT), entry(USER_ID, "user-7"));
    }

    @Test
    void shouldFoldDuplicatePathIntoSettledDuplicate() {
        StemChange folded = fold(duplicateStem(STEM, "abc", "owner-1"));

        assertThat(folded.values()).contains(entry(STATUS, "duplicate"), entry(STAGE, "done"),
                entry(DUPLICATE_OF, "owner-1"), entry(PROCESSED_AT, FINISHED_AT));
    }

    @Test
    void shouldKeepLatestEventTimeWhenFoldingOlderChange() {
        StemChange later = StemChanges.of(completed(STEM, "abc")).orElseThrow();
        StemChange earlier = StemChanges.of(hashClaimed(STEM, "abc")).orElseThrow();

        assertThat(later.then(earlier).eventTime()).isEqualTo(FINISHED_AT);
    }

    @Test
    void shouldRefuseToFoldChangesOfDifferentStems() {
        StemChange one = StemChanges.of(hashClaimed("a", "h")).orElseThrow();
        StemChange other = StemChanges.of(hashClaimed("b", "h")).orElseThrow();

        assertThatThrownBy(() -> one.then(other)).isInstanceOf(IllegalArgumentException.class);
    }

    private static Map<StemColumn, Object> values(WorkflowEvent event) {
        Optional<StemChange> change = StemChanges.of(event);
        assertThat(change).isPresent();
        assertThat(change.get().stemId()).isEqualTo(event.stemId());
        return change.get().values();
    }

    private static StemChange fold(List<WorkflowEvent> events) {
        return events.stream().map(StemChanges::of).flatMap(Optional::stream).reduce(StemChange::then).orElseThrow();
    }
}
