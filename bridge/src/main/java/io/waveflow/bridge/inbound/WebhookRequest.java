package io.waveflow.bridge.inbound;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * What a webhook delivered: the raw body (its bytes decide the event id), the optional
 * {@code Idempotency-Key} header, and when the bridge received it.
 */
public record WebhookRequest(byte[] body, String idempotencyKey, Instant receivedAt) {

    /** Millisecond precision, as the seed's {@code new Date().toISOString()} timestamps have. */
    public static WebhookRequest of(byte[] body, String idempotencyKey, Clock clock) {
        String key = idempotencyKey == null || idempotencyKey.isBlank() ? null : idempotencyKey;
        return new WebhookRequest(body, key, clock.instant().truncatedTo(ChronoUnit.MILLIS));
    }
}
