package io.waveflow.projections.store;

import io.waveflow.contracts.Stage;
import io.waveflow.contracts.StemMessage;
import io.waveflow.contracts.inbound.CancelRequested;
import io.waveflow.contracts.inbound.HashReported;
import io.waveflow.contracts.inbound.InboundEvent;
import io.waveflow.contracts.inbound.ProcessingCompleted;
import io.waveflow.contracts.inbound.RetryRequested;
import io.waveflow.contracts.inbound.StemDeleted;
import io.waveflow.contracts.inbound.UploadCompleted;
import io.waveflow.contracts.workflow.DuplicateDetected;
import io.waveflow.contracts.workflow.DuplicateSettled;
import io.waveflow.contracts.workflow.EventRejected;
import io.waveflow.contracts.workflow.HashClaimed;
import io.waveflow.contracts.workflow.StageRequested;
import io.waveflow.contracts.workflow.StemCancelled;
import io.waveflow.contracts.workflow.StemCompleted;
import io.waveflow.contracts.workflow.StemFailed;
import io.waveflow.contracts.workflow.StemRegistered;
import io.waveflow.contracts.workflow.StemRemoved;
import io.waveflow.contracts.workflow.WorkflowEvent;

import java.time.Instant;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

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

/**
 * The read-model meaning of each event: which stem columns it writes, and by which rule. Pure, so
 * every mapping is tested without a database. Status values are the seed's lower-case words.
 *
 * <p>The workflow topic is the authority on a stem's status and results; its events overwrite, in
 * the order of its log. Inbound events (what the bridge heard) reach the projection on another
 * topic, so they may be applied before or after the workflow events they caused: they therefore
 * only fill identity columns that are still empty and set {@code processing} on a row that has no
 * status yet, which is never a regression. Every event that writes a row moves {@code updated_at}
 * to its time if that is later, and {@code created_at} to its time if that is earlier. Every
 * event that sets {@code stage} also sets {@code stage_started_at} to its time (a retry's new
 * request restarts it), by the same overwrite rule, so a rebuild reproduces it.
 */
public final class StemChanges {

    public static final String STATUS_PROCESSING = "processing";
    public static final String STATUS_DUPLICATE = "duplicate";
    public static final String STATUS_COMPLETED = "completed";
    public static final String STATUS_ERROR = "error";
    /** Not a seed status: the owning application deleted the stem; the row stays for the record. */
    public static final String STATUS_DELETED = "deleted";
    /** Not a seed status: an operator cancelled the stem (POST /admin/stems/{stemId}/cancel). */
    public static final String STATUS_CANCELLED = "cancelled";

    /** The stage of a stem the workflow has finished with, whatever the outcome. */
    public static final String STAGE_DONE = "done";

    /** Every status a row can have, in the order of a stem's life. */
    public static final List<String> STATUSES = List.of(STATUS_PROCESSING, STATUS_DUPLICATE, STATUS_COMPLETED,
            STATUS_ERROR, STATUS_DELETED, STATUS_CANCELLED);

    /** Every stage a row can be in: the workflow's stages, then {@link #STAGE_DONE}. */
    public static final List<String> STAGES = Stream.concat(Arrays.stream(Stage.values()).map(Stage::word),
            Stream.of(STAGE_DONE)).toList();

    private StemChanges() {
    }

    /** The change {@code event} makes to its stem row; empty for events kept in the history only. */
    public static Optional<StemChange> of(StemMessage event) {
        if (event instanceof WorkflowEvent workflow) {
            return ofWorkflow(workflow);
        }
        if (event instanceof InboundEvent inbound) {
            return ofInbound(inbound);
        }
        throw new IllegalArgumentException("no read-model mapping for " + event.getClass().getName());
    }

    private static Optional<StemChange> ofWorkflow(WorkflowEvent event) {
        // Java 17 has no pattern switch over the sealed family; StemChangesTest checks every
        // permitted event type is handled here.
        if (event instanceof StemRegistered e) {
            return change(e)
                    .prefer(USER_ID, e.userId())
                    .prefer(TRACK_ID, e.trackId())
                    .prefer(FILEPATH, e.filepath())
                    .prefer(ORIGINAL_FILENAME, e.originalFilename())
                    .set(STATUS, STATUS_PROCESSING)
                    .build();
        }
        if (event instanceof StageRequested e) {
            // A request means the stem is in flight again: after an operator's retry of a failed
            // stem the status leaves error (a duplicate's clean-up keeps it a duplicate).
            return change(e)
                    .set(STATUS, e.stage() == Stage.DUPLICATE ? STATUS_DUPLICATE : STATUS_PROCESSING)
                    .stage(e.stage().word())
                    .set(ATTEMPTS, e.attempt())
                    .build();
        }
        if (event instanceof HashClaimed e) {
            return change(e)
                    .set(AUDIO_HASH, e.audioHash())
                    .build();
        }
        if (event instanceof DuplicateDetected e) {
            return change(e)
                    .set(STATUS, STATUS_DUPLICATE)
                    .set(AUDIO_HASH, e.audioHash())
                    .set(DUPLICATE_OF, e.ownerStemId())
                    .stage(Stage.DUPLICATE.word())
                    .build();
        }
        if (event instanceof StemCompleted e) {
            return change(e)
                    .set(STATUS, STATUS_COMPLETED)
                    .set(AUDIO_HASH, e.audioHash())
                    .set(WAVEFORM_DATA_PATH, e.waveformDataPath())
                    .set(FILE_SIZE, e.fileSize())
                    .set(DURATION, e.duration())
                    .set(SAMPLE_RATE, e.sampleRate())
                    .set(NUM_PEAKS, e.numPeaks())
                    .set(PROCESSED_AT, e.time())
                    .stage(STAGE_DONE)
                    .set(ERROR_CODE, null)
                    .set(ERROR_MESSAGE, null)
                    .build();
        }
        if (event instanceof DuplicateSettled e) {
            return change(e)
                    .stage(STAGE_DONE)
                    .set(PROCESSED_AT, e.time())
                    .build();
        }
        if (event instanceof StemFailed e) {
            return change(e)
                    .set(STATUS, STATUS_ERROR)
                    .set(ERROR_CODE, e.errorCode())
                    // The worker's own message when it sent one, else the workflow's reason (e.g. timeout).
                    .set(ERROR_MESSAGE, e.errorMessage() != null ? e.errorMessage() : e.reason())
                    .set(PROCESSED_AT, e.time())
                    .stage(STAGE_DONE)
                    .build();
        }
        if (event instanceof StemRemoved e) {
            return change(e)
                    .set(STATUS, STATUS_DELETED)
                    .stage(STAGE_DONE)
                    .build();
        }
        if (event instanceof StemCancelled e) {
            return change(e)
                    .set(STATUS, STATUS_CANCELLED)
                    .set(PROCESSED_AT, e.time())
                    .stage(STAGE_DONE)
                    .build();
        }
        if (event instanceof EventRejected) {
            return Optional.empty();
        }
        throw new IllegalArgumentException("no read-model mapping for " + event.getClass().getName());
    }

    private static Optional<StemChange> ofInbound(InboundEvent event) {
        if (event instanceof UploadCompleted e) {
            return identity(e, e.userId(), e.trackId(), e.filepath(), e.originalFilename());
        }
        if (event instanceof HashReported e) {
            // The hash itself is the workflow's to accept (HashClaimed, DuplicateDetected): a report
            // it rejects must not show up as the stem's hash.
            return identity(e, e.userId(), e.trackId(), e.filepath(), e.originalFilename());
        }
        if (event instanceof ProcessingCompleted || event instanceof StemDeleted || event instanceof RetryRequested
                || event instanceof CancelRequested) {
            // Their effect on the row is the workflow's decision (completed, retried, failed, removed,
            // cancelled); an operator's command shows in the history with who asked and why.
            return Optional.empty();
        }
        throw new IllegalArgumentException("no read-model mapping for " + event.getClass().getName());
    }

    /** An upload or hash report: who owns the stem and where its file is, and that it is processing. */
    private static Optional<StemChange> identity(InboundEvent e, String userId, String trackId, String filepath,
                                                 String originalFilename) {
        return change(e)
                .fill(USER_ID, userId)
                .fill(TRACK_ID, trackId)
                .fill(FILEPATH, filepath)
                .fill(ORIGINAL_FILENAME, originalFilename)
                .fill(STATUS, STATUS_PROCESSING)
                .build();
    }

    private static Builder change(StemMessage event) {
        return new Builder(event.stemId(), event.time());
    }

    private static final class Builder {

        private final String stemId;
        private final Instant time;
        private final Map<StemColumn, ColumnWrite> writes = new EnumMap<>(StemColumn.class);

        private Builder(String stemId, Instant time) {
            this.stemId = stemId;
            this.time = time;
            writes.put(CREATED_AT, new ColumnWrite(ColumnRule.EARLIEST, time));
            writes.put(UPDATED_AT, new ColumnWrite(ColumnRule.LATEST, time));
        }

        Builder set(StemColumn column, Object value) {
            writes.put(column, new ColumnWrite(ColumnRule.OVERWRITE, value));
            return this;
        }

        /** The stem enters {@code stage} now: both overwrite, so a rebuild gives the same start. */
        Builder stage(String stage) {
            return set(STAGE, stage).set(STAGE_STARTED_AT, time);
        }

        Builder fill(StemColumn column, Object value) {
            writes.put(column, new ColumnWrite(ColumnRule.FILL, value));
            return this;
        }

        Builder prefer(StemColumn column, Object value) {
            writes.put(column, new ColumnWrite(ColumnRule.PREFER, value));
            return this;
        }

        Optional<StemChange> build() {
            return Optional.of(new StemChange(stemId, writes));
        }
    }
}
