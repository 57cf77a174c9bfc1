package io.waveflow.workflow.topology;

/**
 * The claims side's answer to a request, keyed by stemId back to the stem side. The stem owns
 * the hash when {@code ownerStemId} is itself; otherwise it is a duplicate of the owner.
 * {@code commandSent}: the claims task already sent the stage command that follows (analysis or
 * duplicate clean-up) in the transaction of this decision, so the stem side only records it.
 */
public record ClaimDecision(String stemId, String claimKey, String audioHash, String ownerStemId, String causeId,
                            boolean commandSent) {

    public boolean granted() {
        return stemId.equals(ownerStemId);
    }
}
