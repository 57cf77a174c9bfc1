package io.waveflow.workflow.topology;

/**
 * Which stems compete for one audio hash. The seed's rule is same user and track; a product
 * may widen it. Ids are restricted to a safe character set by the bridge, so '|' separates.
 */
public enum ClaimScope {
    USER_TRACK,
    USER,
    GLOBAL;

    public String claimKey(String userId, String trackId, String audioHash) {
        switch (this) {
            case USER_TRACK:
                return userId + "|" + trackId + "|" + audioHash;
            case USER:
                return userId + "|" + audioHash;
            default:
                return audioHash;
        }
    }
}
