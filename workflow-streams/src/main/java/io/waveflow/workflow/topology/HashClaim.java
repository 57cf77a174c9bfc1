package io.waveflow.workflow.topology;

import java.time.Instant;

/** The value of the hash-claims store: which stem owns a claim key, and since when. */
public record HashClaim(String ownerStemId, Instant claimedAt) {
}
