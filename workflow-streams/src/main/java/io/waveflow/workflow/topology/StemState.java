package io.waveflow.workflow.topology;

import java.util.ArrayList;
import java.util.List;

/**
 * The value of the stem-state store. {@code recentEventIds} remembers the last inbound event
 * ids applied to the stem, so a redelivered webhook changes nothing. {@code deadlineMs} is the
 * wall-clock time by which the awaited worker stage must answer, 0 when none is awaited.
 */
public record StemState(
        String stemId,
        String userId,
        String trackId,
        String filepath,
        String originalFilename,
        String uploadTimestamp,
        Phase phase,
        int attempt,
        String audioHash,
        String hashTimestamp,
        String claimKey,
        String ownerStemId,
        long deadlineMs,
        List<String> recentEventIds) {

    /** Enough for any realistic redelivery window of one stem's handful of webhooks. */
    static final int REMEMBERED_EVENT_IDS = 32;

    public StemState {
        recentEventIds = List.copyOf(recentEventIds);
    }

    public boolean hasApplied(String eventId) {
        return recentEventIds.contains(eventId);
    }

    StemState remember(String eventId) {
        List<String> ids = new ArrayList<>(recentEventIds);
        ids.add(eventId);
        if (ids.size() > REMEMBERED_EVENT_IDS) {
            ids.remove(0);
        }
        return new StemState(stemId, userId, trackId, filepath, originalFilename, uploadTimestamp, phase, attempt,
                audioHash, hashTimestamp, claimKey, ownerStemId, deadlineMs, ids);
    }

    /** Moves to a phase; a phase that awaits a worker gets a fresh deadline, others none. */
    StemState inPhase(Phase newPhase, int newAttempt, long newDeadlineMs) {
        return new StemState(stemId, userId, trackId, filepath, originalFilename, uploadTimestamp, newPhase,
                newAttempt, audioHash, hashTimestamp, claimKey, ownerStemId,
                newPhase.awaitedStage() == null ? 0 : newDeadlineMs, recentEventIds);
    }

    StemState withHash(String newAudioHash, String newHashTimestamp, String newClaimKey) {
        return new StemState(stemId, userId, trackId, filepath, originalFilename, uploadTimestamp, phase, attempt,
                newAudioHash, newHashTimestamp, newClaimKey, ownerStemId, deadlineMs, recentEventIds);
    }

    StemState withOwner(String newOwnerStemId) {
        return new StemState(stemId, userId, trackId, filepath, originalFilename, uploadTimestamp, phase, attempt,
                audioHash, hashTimestamp, claimKey, newOwnerStemId, deadlineMs, recentEventIds);
    }

    /** True when this stem holds the claim on its hash (and so must release it on failure). */
    boolean ownsClaim() {
        return claimKey != null && stemId.equals(ownerStemId);
    }
}
