package io.waveflow.bridge.outbox;

import io.waveflow.bridge.inbound.InboundPayloads;
import io.waveflow.bridge.inbound.InvalidField;
import io.waveflow.bridge.inbound.InvalidWebhookException;
import io.waveflow.bridge.inbound.MalformedWebhookException;
import io.waveflow.contracts.inbound.InboundEvent;
import io.waveflow.contracts.inbound.StemDeleted;
import io.waveflow.contracts.inbound.UploadCompleted;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Turns a captured outbox row into the matching inbound event, with the row's {@code id} as the
 * event id and its creation time as the event time, so capturing a row twice yields the same
 * event. Payload fields follow the webhook rules ({@link InboundPayloads}). Pure.
 */
public final class OutboxMapper {

    public static final String AGGREGATE_TYPE = "stem";
    public static final String UPLOAD_COMPLETED = "UploadCompleted";
    public static final String STEM_DELETED = "StemDeleted";

    private OutboxMapper() {
    }

    /** @throws MalformedOutboxRowException with the reason, when the row can never become an event */
    public static InboundEvent toEvent(OutboxRow row) {
        String id = requireUuid(row.id());
        if (!AGGREGATE_TYPE.equals(row.aggregateType())) {
            throw malformed("aggregatetype must be '" + AGGREGATE_TYPE + "', was " + quoted(row.aggregateType()));
        }
        if (row.aggregateId() == null || row.aggregateId().isBlank()) {
            throw malformed("aggregateid (the stemId) is missing");
        }
        if (row.payload() == null) {
            throw malformed("payload is missing");
        }
        if (row.createdAt() == null) {
            throw malformed("created_at is missing");
        }
        // Millisecond precision, as every other inbound event time.
        Instant time = row.createdAt().truncatedTo(ChronoUnit.MILLIS);
        byte[] payload = row.payload().getBytes(StandardCharsets.UTF_8);
        InboundEvent event;
        try {
            event = switch (row.type() == null ? "" : row.type()) {
                case UPLOAD_COMPLETED -> InboundPayloads.uploadCompleted(id, time, payload);
                case STEM_DELETED -> InboundPayloads.stemDeleted(id, time, row.aggregateId(), payload);
                default -> throw malformed("type must be '" + UPLOAD_COMPLETED + "' or '" + STEM_DELETED
                        + "', was " + quoted(row.type()));
            };
        } catch (InvalidWebhookException e) {
            throw new MalformedOutboxRowException("payload is invalid: " + e.errors().stream()
                    .map(OutboxMapper::describe).collect(Collectors.joining("; ")), e);
        } catch (MalformedWebhookException e) {
            throw new MalformedOutboxRowException("payload is invalid: " + e.getMessage(), e);
        }
        if (!row.aggregateId().equals(event.stemId())) {
            throw malformed("payload stemId " + quoted(event.stemId()) + " differs from aggregateid "
                    + quoted(row.aggregateId()));
        }
        return event;
    }

    private static String requireUuid(String id) {
        if (id == null) {
            throw malformed("id is missing");
        }
        try {
            return UUID.fromString(id).toString();
        } catch (IllegalArgumentException e) {
            throw malformed("id must be a UUID, was " + quoted(id));
        }
    }

    private static String describe(InvalidField field) {
        return field.field() + " " + field.message();
    }

    private static String quoted(String value) {
        return value == null ? "null" : "'" + value + "'";
    }

    private static MalformedOutboxRowException malformed(String reason) {
        return new MalformedOutboxRowException(reason, null);
    }
}
