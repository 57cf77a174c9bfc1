package io.waveflow.workflow.topology;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.waveflow.contracts.AboutStem;
import io.waveflow.contracts.command.ProcessAudioAnalysis;
import io.waveflow.contracts.command.ProcessDuplicateFile;
import io.waveflow.contracts.command.StageCommand;

/**
 * What the stem side asks of the claims side, keyed by claim key on the claims repartition
 * topic so every request for one hash is decided by one task, one at a time. A request carries
 * the stage command for either answer, so the claims task sends it in the same transaction as
 * its decision: a duplicate decision costs one hop after the stem's, not two.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
        @JsonSubTypes.Type(value = ClaimMessage.Request.class, name = "request"),
        @JsonSubTypes.Type(value = ClaimMessage.Release.class, name = "release")})
public sealed interface ClaimMessage extends AboutStem {

    String claimKey();

    @Override
    String stemId();

    /**
     * Claim the hash for the stem, or learn who owns it. {@code analysisIfGranted} is sent if the
     * stem owns the hash, {@code cleanupIfDuplicate} (with the owner filled in) otherwise. Both are
     * null in requests written before the claims task sent commands; the stem side sends the
     * command itself for those (see {@link ClaimDecision#commandSent()}).
     */
    record Request(String claimKey, String stemId, String audioHash, String causeId,
                   ProcessAudioAnalysis analysisIfGranted, ProcessDuplicateFile cleanupIfDuplicate)
            implements ClaimMessage {

        /** The command for the decision that {@code ownerStemId} owns the hash, if the request carries one. */
        StageCommand commandFor(String ownerStemId) {
            if (stemId.equals(ownerStemId)) {
                return analysisIfGranted;
            }
            return cleanupIfDuplicate == null ? null : cleanupIfDuplicate.withOwner(ownerStemId);
        }
    }

    /** Give the hash up, if the stem owns it. */
    record Release(String claimKey, String stemId, String causeId) implements ClaimMessage {
    }
}
