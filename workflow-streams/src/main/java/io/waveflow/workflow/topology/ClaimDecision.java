package io.waveflow.workflow.topology;

/**
 * The claims side's answer to a request, keyed by stemId back to the stem side. The stem owns
 * the hash when {@code ownerStemId} is itself; otherwise it is a duplicate of the owner.
 */
public record ClaimDecision(String stemId, String claimKey, String audioHash, String ownerStemId, String causeId) {

    public boolean granted() {
        return stemId.equals(ownerStemId);
    }
}
