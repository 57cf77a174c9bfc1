package io.waveflow.workflow.topology;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * What the stem side asks of the claims side, keyed by claim key on the claims repartition
 * topic so every request for one hash is decided by one task, one at a time.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
        @JsonSubTypes.Type(value = ClaimMessage.Request.class, name = "request"),
        @JsonSubTypes.Type(value = ClaimMessage.Release.class, name = "release")})
public sealed interface ClaimMessage {

    String claimKey();

    String stemId();

    /** Claim the hash for the stem, or learn who owns it. */
    record Request(String claimKey, String stemId, String audioHash, String causeId) implements ClaimMessage {
    }

    /** Give the hash up, if the stem owns it. */
    record Release(String claimKey, String stemId, String causeId) implements ClaimMessage {
    }
}
