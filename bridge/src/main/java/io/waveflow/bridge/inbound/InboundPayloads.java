package io.waveflow.bridge.inbound;

import io.waveflow.contracts.inbound.StemDeleted;
import io.waveflow.contracts.inbound.UploadCompleted;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The one mapping of inbound payloads that arrive both as webhooks and through the outbox: from
 * the caller's event id, the event time and the payload bytes to the inbound event, by the rules
 * of DESIGN.md §2, explaining every bad field. Pure: the same input always gives the same event.
 */
public final class InboundPayloads {

    /** The seed's {@code new Date().toISOString()} shape: UTC, milliseconds, {@code Z}. */
    public static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSX").withZone(ZoneOffset.UTC);

    // Duplicate keys make a body mean two things; trailing tokens mean a truncated or glued body.
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private InboundPayloads() {
    }

    /**
     * An upload ({@code /upload-complete} fields); the event id is given, e.g. an outbox row's id,
     * so a payload delivered twice maps to the same event.
     */
    public static UploadCompleted uploadCompleted(String eventId, Instant time, byte[] payload) {
        return uploadCompleted(stemId -> eventId, time, read(payload));
    }

    /**
     * An upload read from {@code body}; the event id is derived from the stem id the payload names
     * (a webhook's id hashes it with the request), and the event's {@code timestamp} is {@code time}.
     */
    public static UploadCompleted uploadCompleted(UnaryOperator<String> eventIdOfStem, Instant time,
                                                  FieldReader body) {
        String userId = body.id("userId");
        String trackId = body.id("trackId");
        String stemId = body.id("stemId");
        String filepath = body.text("filepath");
        String originalFilename = body.text("original_filename");
        body.requireValid();
        return new UploadCompleted(eventIdOfStem.apply(stemId), time, stemId, userId, trackId, filepath,
                originalFilename, TIMESTAMP.format(time));
    }

    /** A deletion: the payload names the stem's user and track. */
    public static StemDeleted stemDeleted(String eventId, Instant time, String stemId, byte[] payload) {
        FieldReader body = read(payload);
        String userId = body.id("userId");
        String trackId = body.id("trackId");
        body.requireValid();
        return new StemDeleted(eventId, time, stemId, userId, trackId);
    }

    /**
     * Parses a payload that must be one JSON object; its fields are then read, and every problem
     * collected, by the returned reader.
     *
     * @throws MalformedWebhookException when the bytes are not UTF-8 or not one JSON document
     * @throws InvalidWebhookException   when the document is not an object
     */
    public static FieldReader read(byte[] payload) {
        requireUtf8(payload);
        JsonNode json;
        try {
            json = JSON.readTree(payload);
        } catch (JacksonException e) {
            throw new MalformedWebhookException("body is not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (json == null || json.isMissingNode()) {
            throw new MalformedWebhookException("body is empty", null);
        }
        if (!json.isObject()) {
            throw new InvalidWebhookException(List.of(new InvalidField("$", "must be a JSON object")));
        }
        return new FieldReader(json, "", new ArrayList<>());
    }

    /**
     * Checked before parsing because Jackson 3.1 silently drops a 0xFF byte inside a property name
     * ({@code "stem<FF>Id"} reads as {@code stemId}); found by WebhookFuzzIT.
     */
    private static void requireUtf8(byte[] payload) {
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(payload));
        } catch (CharacterCodingException e) {
            throw new MalformedWebhookException("body is not valid UTF-8", e);
        }
    }
}
