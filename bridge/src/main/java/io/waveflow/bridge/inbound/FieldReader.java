package io.waveflow.bridge.inbound;

import tools.jackson.databind.JsonNode;

import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads typed fields of one JSON object and records every problem instead of stopping at the
 * first, so a sender learns all its mistakes from one answer. A bad field reads as null.
 */
public final class FieldReader {

    public static final int ID_MAX_LENGTH = 128;
    public static final int TEXT_MAX_LENGTH = 4096;
    public static final int HASH_MIN_LENGTH = 8;
    public static final int HASH_MAX_LENGTH = 128;
    public static final int TIMESTAMP_MAX_LENGTH = 64;
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:-]+");
    private static final Pattern HEX = Pattern.compile("[0-9a-fA-F]+");
    /** ISO-8601 date and time, with an offset ({@code Z}, {@code +09:00}) or without one (Python's naive isoformat). */
    private static final DateTimeFormatter ISO_DATE_TIME = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE_TIME)
            .optionalStart().appendOffsetId().optionalEnd()
            .toFormatter()
            .withResolverStyle(ResolverStyle.STRICT);

    private final JsonNode object;
    private final String prefix;
    private final List<InvalidField> errors;

    FieldReader(JsonNode object, String prefix, List<InvalidField> errors) {
        this.object = object;
        this.prefix = prefix;
        this.errors = errors;
    }

    /** A required identifier: at most 128 characters of {@code [A-Za-z0-9._:-]}. */
    public String id(String name) {
        String value = text(name, ID_MAX_LENGTH);
        if (value != null && !ID.matcher(value).matches()) {
            return invalid(name, "may contain only letters, digits and . _ : -");
        }
        return value;
    }

    /** A required hash: {@value #HASH_MIN_LENGTH} to {@value #HASH_MAX_LENGTH} hex digits (MD5 to SHA-512). */
    public String hexHash(String name) {
        String value = text(name, HASH_MAX_LENGTH);
        if (value != null && (value.length() < HASH_MIN_LENGTH || !HEX.matcher(value).matches())) {
            return invalid(name, "must be " + HASH_MIN_LENGTH + " to " + HASH_MAX_LENGTH + " hex digits");
        }
        return value;
    }

    /** A required ISO-8601 date-time, kept as the sender wrote it. */
    public String timestamp(String name) {
        String value = text(name, TIMESTAMP_MAX_LENGTH);
        if (value != null) {
            try {
                ISO_DATE_TIME.parse(value);
            } catch (DateTimeParseException e) {
                return invalid(name, "must be an ISO-8601 date-time such as 2026-11-26T01:00:00.000Z");
            }
        }
        return value;
    }

    public String text(String name) {
        return text(name, TEXT_MAX_LENGTH);
    }

    /** A required single-line string: no control characters. */
    public String text(String name, int maxLength) {
        JsonNode node = object.get(name);
        if (isAbsent(node)) {
            return invalid(name, "is required");
        }
        return checkedText(name, node, maxLength, false);
    }

    /** A required string that may span lines (a worker's traceback): tabs and line breaks allowed. */
    public String multilineText(String name, int maxLength) {
        JsonNode node = object.get(name);
        if (isAbsent(node)) {
            return invalid(name, "is required");
        }
        return checkedText(name, node, maxLength, true);
    }

    public String optionalText(String name, int maxLength) {
        JsonNode node = object.get(name);
        return isAbsent(node) ? null : checkedText(name, node, maxLength, false);
    }

    /** A string, or a whole number read as its decimal text (workers send error codes either way). */
    public String optionalTextOrInteger(String name, int maxLength) {
        JsonNode node = object.get(name);
        if (node != null && node.isIntegralNumber()) {
            return node.bigIntegerValue().toString();
        }
        return optionalText(name, maxLength);
    }

    public Long wholeNumber(String name, long min, long max) {
        JsonNode node = object.get(name);
        if (isAbsent(node)) {
            return invalid(name, "is required");
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            return invalid(name, "must be a whole number");
        }
        long value = node.longValue();
        if (value < min || value > max) {
            return invalid(name, "must be between " + min + " and " + max);
        }
        return value;
    }

    public Integer wholeInt(String name, int min) {
        Long value = wholeNumber(name, min, Integer.MAX_VALUE);
        return value == null ? null : value.intValue();
    }

    public Double number(String name, double min) {
        JsonNode node = object.get(name);
        if (isAbsent(node)) {
            return invalid(name, "is required");
        }
        if (!node.isNumber()) {
            return invalid(name, "must be a number");
        }
        // Through Number: Jackson's doubleValue() throws for integers beyond double range (found by WebhookFuzzIT).
        double value = node.numberValue().doubleValue();
        if (!Double.isFinite(value) || value < min) {
            return invalid(name, "must be a number of at least " + min);
        }
        return value;
    }

    /** A required nested object, read with the same error list; empty when it is missing or not an object. */
    public Optional<FieldReader> object(String name) {
        JsonNode node = object.get(name);
        if (isAbsent(node)) {
            invalid(name, "is required");
            return Optional.empty();
        }
        if (!node.isObject()) {
            invalid(name, "must be an object");
            return Optional.empty();
        }
        return Optional.of(new FieldReader(node, prefix + name + ".", errors));
    }

    /** Whether any of the fields is present (not missing, not null). */
    public boolean hasAny(String... names) {
        for (String name : names) {
            if (!isAbsent(object.get(name))) {
                return true;
            }
        }
        return false;
    }

    /** Records a problem found outside the JSON body, e.g. in a header. */
    public void reject(String field, String message) {
        errors.add(new InvalidField(field, message));
    }

    public void requireValid() {
        if (!errors.isEmpty()) {
            throw new InvalidWebhookException(errors);
        }
    }

    private String checkedText(String name, JsonNode node, int maxLength, boolean multiline) {
        if (!node.isString()) {
            return invalid(name, "must be a string");
        }
        String value = node.stringValue();
        if (value.isBlank()) {
            return invalid(name, "must not be blank");
        }
        if (value.length() > maxLength) {
            return invalid(name, "must be at most " + maxLength + " characters");
        }
        return switch (scan(value, multiline)) {
            case CONTROL -> invalid(name, multiline ? "must not contain control characters other than tab and "
                    + "line breaks" : "must not contain control characters");
            // A JSON escape of a lone surrogate (U+D800 alone) parses but cannot be written as UTF-8 downstream.
            case LONE_SURROGATE -> invalid(name, "must be valid Unicode (no lone surrogate)");
            case CLEAN -> value;
        };
    }

    private static Scan scan(String value, boolean multiline) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return Scan.LONE_SURROGATE;
            } else if ((c < 0x20 || c == 0x7F) && !(multiline && (c == '\t' || c == '\n' || c == '\r'))) {
                return Scan.CONTROL;
            }
        }
        return Scan.CLEAN;
    }

    private enum Scan { CLEAN, CONTROL, LONE_SURROGATE }

    private static boolean isAbsent(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode();
    }

    private <T> T invalid(String name, String message) {
        errors.add(new InvalidField(prefix + name, message));
        return null;
    }
}
