package io.waveflow.bridge.inbound;

import io.waveflow.contracts.deadletter.DeadLetter;
import io.waveflow.contracts.deadletter.DeadLetters;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * The bridge's one way to dead-letter: whatever can never become an inbound event or a Celery
 * message is parked here with the reason, its origin and its bytes.
 */
@FunctionalInterface
public interface DeadLetterSink {

    /** Returns once the dead letter is durably stored; throws when it is not. */
    void park(String key, DeadLetter letter);

    /**
     * Parks the bytes of a record that came from {@code origin} (a topic and position), keyed as
     * the record was; returns once stored.
     */
    default void park(Origin origin, String key, byte[] value, String reason, String failedIn, Instant time) {
        byte[] keyBytes = key == null ? null : key.getBytes(StandardCharsets.UTF_8);
        park(key, DeadLetters.of(origin.topic(), origin.partition(), origin.offset(), keyBytes, value, reason,
                failedIn, time));
    }

    /** Where a dead-lettered record came from. */
    record Origin(String topic, int partition, long offset) {
    }
}
