package io.waveflow.bridge.inbound;

import io.waveflow.contracts.Sha256;
import io.waveflow.contracts.inbound.InboundEvent;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Event ids that a redelivered webhook reproduces, so the workflow can drop the second copy:
 * SHA-256 (hex) over the event type, the stem id and either the sender's {@code Idempotency-Key}
 * or, without one, the raw request body.
 */
public final class EventIds {

    private static final byte SEPARATOR = 0;

    private EventIds() {
    }

    public static String of(Class<? extends InboundEvent> type, String stemId, WebhookRequest request) {
        MessageDigest sha256 = Sha256.digest();
        update(sha256, type.getSimpleName());
        update(sha256, stemId);
        if (request.idempotencyKey() != null) {
            // Marked, so a key can never hash like a body with the same bytes.
            update(sha256, "Idempotency-Key");
            update(sha256, request.idempotencyKey());
        } else {
            sha256.update(request.body());
        }
        return Sha256.hex(sha256.digest());
    }

    private static void update(MessageDigest digest, String part) {
        digest.update(part.getBytes(StandardCharsets.UTF_8));
        digest.update(SEPARATOR);
    }
}
