package io.waveflow.projections;

import io.waveflow.contracts.Stage;
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
import java.util.List;

/** Workflow events as the topology emits them for one stem, with ids and times derived from the stem. */
public final class WorkflowEvents {

    public static final Instant REGISTERED_AT = Instant.parse("2026-01-05T10:00:00Z");
    public static final Instant HASHED_AT = REGISTERED_AT.plusSeconds(5);
    public static final Instant FINISHED_AT = REGISTERED_AT.plusSeconds(30);

    public static final String USER_ID = "user-7";
    public static final String TRACK_ID = "track-42";

    private WorkflowEvents() {
    }

    public static StemRegistered registered(String stemId) {
        return new StemRegistered(stemId + ":registered", REGISTERED_AT, stemId, USER_ID, TRACK_ID,
                "uploads/" + stemId + ".wav", "bass.wav");
    }

    public static StageRequested stageRequested(String stemId, Stage stage, int attempt, Instant time) {
        return new StageRequested(stemId + ":requested:" + stage + ":" + attempt, time, stemId, stage, attempt,
                stage.taskId(stemId, attempt));
    }

    public static HashClaimed hashClaimed(String stemId, String audioHash) {
        return new HashClaimed(stemId + ":claimed", HASHED_AT, stemId, audioHash);
    }

    public static DuplicateDetected duplicateDetected(String stemId, String audioHash, String ownerStemId) {
        return new DuplicateDetected(stemId + ":duplicate", HASHED_AT, stemId, audioHash, ownerStemId);
    }

    public static DuplicateSettled duplicateSettled(String stemId) {
        return new DuplicateSettled(stemId + ":settled", FINISHED_AT, stemId);
    }

    public static StemCompleted completed(String stemId, String audioHash) {
        return new StemCompleted(stemId + ":completed", FINISHED_AT, stemId, audioHash,
                "waveforms/" + stemId + ".json", 1_234_567L, 183.25, 44_100, 1024);
    }

    public static StemFailed failed(String stemId, String errorCode, String errorMessage) {
        return new StemFailed(stemId + ":failed", FINISHED_AT, stemId, Stage.ANALYSIS, "worker-error",
                errorCode, errorMessage);
    }

    public static StemRemoved removed(String stemId, Instant time) {
        return new StemRemoved(stemId + ":removed", time, stemId);
    }

    public static StemCancelled cancelled(String stemId, Instant time) {
        return new StemCancelled(stemId + ":cancelled", time, stemId, "ops-alice", "uploaded by mistake");
    }

    public static EventRejected rejected(String stemId, String rejectedEventId, Instant time) {
        return new EventRejected(stemId + ":rejected:" + rejectedEventId, time, stemId, rejectedEventId,
                "io.waveflow.inbound.ProcessingCompleted.v1", "stem already finished");
    }

    /** Upload, hash, claim, analysis, completion: the seed's happy path. */
    public static List<WorkflowEvent> completedStem(String stemId, String audioHash) {
        return List.of(
                registered(stemId),
                stageRequested(stemId, Stage.HASH, 1, REGISTERED_AT),
                hashClaimed(stemId, audioHash),
                stageRequested(stemId, Stage.ANALYSIS, 1, HASHED_AT),
                completed(stemId, audioHash));
    }

    /** Upload, hash, the hash already owned by {@code ownerStemId}, the duplicate file deleted. */
    public static List<WorkflowEvent> duplicateStem(String stemId, String audioHash, String ownerStemId) {
        return List.of(
                registered(stemId),
                stageRequested(stemId, Stage.HASH, 1, REGISTERED_AT),
                duplicateDetected(stemId, audioHash, ownerStemId),
                stageRequested(stemId, Stage.DUPLICATE, 1, HASHED_AT),
                duplicateSettled(stemId));
    }
}
