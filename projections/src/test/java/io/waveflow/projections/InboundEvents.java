package io.waveflow.projections;

import io.waveflow.contracts.inbound.CancelRequested;
import io.waveflow.contracts.inbound.CompletionResult;
import io.waveflow.contracts.inbound.HashReported;
import io.waveflow.contracts.inbound.ProcessingCompleted;
import io.waveflow.contracts.inbound.RetryRequested;
import io.waveflow.contracts.inbound.StemDeleted;
import io.waveflow.contracts.inbound.UploadCompleted;

import java.time.Instant;

import static io.waveflow.projections.WorkflowEvents.FINISHED_AT;
import static io.waveflow.projections.WorkflowEvents.HASHED_AT;
import static io.waveflow.projections.WorkflowEvents.REGISTERED_AT;
import static io.waveflow.projections.WorkflowEvents.TRACK_ID;
import static io.waveflow.projections.WorkflowEvents.USER_ID;

/**
 * Inbound events as the bridge writes them for one stem, each half a second before the workflow
 * event it causes (the bridge hears of it first).
 */
public final class InboundEvents {

    public static final Instant UPLOADED_AT = REGISTERED_AT.minusMillis(500);
    public static final Instant HASH_REPORTED_AT = HASHED_AT.minusMillis(500);
    public static final Instant COMPLETION_REPORTED_AT = FINISHED_AT.minusMillis(500);

    private InboundEvents() {
    }

    public static UploadCompleted uploaded(String stemId) {
        return new UploadCompleted(stemId + ":upload", UPLOADED_AT, stemId, USER_ID, TRACK_ID,
                "uploads/" + stemId + ".wav", "bass.wav", UPLOADED_AT.toString());
    }

    public static HashReported hashReported(String stemId, String audioHash) {
        return new HashReported(stemId + ":hash", HASH_REPORTED_AT, stemId, USER_ID, TRACK_ID,
                "uploads/" + stemId + ".wav", audioHash, HASH_REPORTED_AT.toString(), "bass.wav", "SUCCESS");
    }

    public static ProcessingCompleted analysed(String stemId, String audioHash) {
        return new ProcessingCompleted(stemId + ":analysed", COMPLETION_REPORTED_AT, stemId,
                "app.tasks.process_audio_analysis", ProcessingCompleted.SUCCESS, COMPLETION_REPORTED_AT.toString(),
                CompletionResult.success(audioHash, "waveforms/" + stemId + ".json", 1_234_567L, 183.25, 44_100, 1024));
    }

    public static ProcessingCompleted failedAnalysis(String stemId, String errorCode, String errorMessage) {
        return new ProcessingCompleted(stemId + ":analysis-failed", COMPLETION_REPORTED_AT, stemId,
                "app.tasks.process_audio_analysis", "FAILURE", COMPLETION_REPORTED_AT.toString(),
                CompletionResult.failure(errorMessage, errorCode));
    }

    public static ProcessingCompleted duplicateDeleted(String stemId) {
        return new ProcessingCompleted(stemId + ":duplicate-deleted", COMPLETION_REPORTED_AT, stemId,
                "app.tasks.process_duplicate_file", ProcessingCompleted.SUCCESS, COMPLETION_REPORTED_AT.toString(),
                new CompletionResult(null, null, null, null, null, null, null, null));
    }

    public static StemDeleted deleted(String stemId, Instant time) {
        return new StemDeleted(stemId + ":deleted", time, stemId, USER_ID, TRACK_ID);
    }

    public static RetryRequested retryRequested(String stemId, Instant time) {
        return new RetryRequested(stemId + ":retry", time, stemId, "ops-alice", "worker fixed");
    }

    public static CancelRequested cancelRequested(String stemId, Instant time) {
        return new CancelRequested(stemId + ":cancel", time, stemId, "ops-alice", null);
    }
}
