package io.waveflow.contracts.deadletter;

import java.time.Instant;

/**
 * A record Waveflow could not process, parked with the reason instead of being skipped.
 * {@code value} is the original value as UTF-8 text when it is valid UTF-8, else base64
 * ({@code valueEncoding} says which), so an operator can read, fix and re-publish it.
 */
public record DeadLetter(
        String sourceTopic,
        int sourcePartition,
        long sourceOffset,
        String key,
        String value,
        String valueEncoding,
        String reason,
        String failedIn,
        Instant time) {
}
