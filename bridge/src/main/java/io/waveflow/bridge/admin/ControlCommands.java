package io.waveflow.bridge.admin;

import io.waveflow.bridge.inbound.EventIds;
import io.waveflow.bridge.inbound.FieldReader;
import io.waveflow.bridge.inbound.InboundPayloads;
import io.waveflow.bridge.inbound.InvalidField;
import io.waveflow.bridge.inbound.InvalidWebhookException;
import io.waveflow.bridge.inbound.WebhookRequest;
import io.waveflow.contracts.inbound.InboundEvent;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Reads and validates one control command: the stem id of the path (the webhooks' id rule), the
 * optional {@code Idempotency-Key} and the optional body {@code {"reason": "..."}}. Every problem
 * is reported at once, as the webhooks report theirs (400 problem+json).
 */
final class ControlCommands {

    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    static final int IDEMPOTENCY_KEY_MAX_LENGTH = 255;
    static final int REASON_MAX_LENGTH = 500;
    /** Far more than a 500-character reason needs; the rest of a larger body is never read. */
    static final int BODY_MAX_BYTES = 8 * 1024;

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:-]{1," + FieldReader.ID_MAX_LENGTH + "}");
    private static final Pattern VISIBLE_ASCII = Pattern.compile("[\\x20-\\x7E]+");

    record Command(String eventId, String reason) {

        /** Millisecond precision, like the webhooks' receive times. */
        Instant time(Clock clock) {
            return clock.instant().truncatedTo(ChronoUnit.MILLIS);
        }
    }

    private ControlCommands() {
    }

    /**
     * With an {@code Idempotency-Key} the event id derives from it (type, stem and key, as
     * {@link EventIds} derives a webhook's), so a resent command changes nothing; without one,
     * every request is a new command.
     */
    static Command read(Class<? extends InboundEvent> type, String stemId, String idempotencyKey, InputStream body)
            throws IOException {
        List<InvalidField> errors = new ArrayList<>();
        if (stemId == null || !ID.matcher(stemId).matches()) {
            errors.add(new InvalidField("stemId", "must be 1 to " + FieldReader.ID_MAX_LENGTH
                    + " letters, digits and . _ : -"));
        }
        String key = idempotencyKey == null || idempotencyKey.isBlank() ? null : idempotencyKey;
        if (key != null && (key.length() > IDEMPOTENCY_KEY_MAX_LENGTH || !VISIBLE_ASCII.matcher(key).matches())) {
            errors.add(new InvalidField(IDEMPOTENCY_KEY, "must be at most " + IDEMPOTENCY_KEY_MAX_LENGTH
                    + " visible ASCII characters"));
        }
        byte[] bytes = body.readNBytes(BODY_MAX_BYTES + 1);
        String reason = null;
        if (bytes.length > BODY_MAX_BYTES) {
            errors.add(new InvalidField("$", "body must be at most " + BODY_MAX_BYTES + " bytes"));
        } else if (!new String(bytes, StandardCharsets.UTF_8).isBlank()) {
            FieldReader fields = InboundPayloads.read(bytes);
            reason = fields.optionalText("reason", REASON_MAX_LENGTH);
            errors.forEach(error -> fields.reject(error.field(), error.message()));
            fields.requireValid();
        }
        if (!errors.isEmpty()) {
            throw new InvalidWebhookException(errors);
        }
        String eventId = key == null ? UUID.randomUUID().toString()
                : EventIds.of(type, stemId, new WebhookRequest(new byte[0], key, Instant.EPOCH));
        return new Command(eventId, reason);
    }
}
