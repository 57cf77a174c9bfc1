package io.waveflow.bridge.webhook;

import tools.jackson.databind.JsonNode;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads typed fields of one JSON object and records every problem instead of stopping at the
 * first, so a sender learns all its mistakes from one answer. A bad field reads as null.
 */
final class FieldReader {

    static final int ID_MAX_LENGTH = 128;
    static final int TEXT_MAX_LENGTH = 4096;
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:-]+");

    private final JsonNode object;
    private final String prefix;
    private final List<InvalidField> errors;

    FieldReader(JsonNode object, String prefix, List<InvalidField> errors) {
        this.object = object;
        this.prefix = prefix;
        this.errors = errors;
    }

    /** A required identifier: at most 128 characters of {@code [A-Za-z0-9._:-]}. */
    String id(String name) {
        String value = text(name, ID_MAX_LENGTH);
        if (value != null && !ID.matcher(value).matches()) {
            return invalid(name, "may contain only letters, digits and . _ : -");
        }
        return value;
    }

    String text(String name) {
        return text(name, TEXT_MAX_LENGTH);
    }

    String text(String name, int maxLength) {
        JsonNode node = object.get(name);
        if (isAbsent(node)) {
            return invalid(name, "is required");
        }
        return checkedText(name, node, maxLength);
    }

    String optionalText(String name, int maxLength) {
        JsonNode node = object.get(name);
        return isAbsent(node) ? null : checkedText(name, node, maxLength);
    }

    /** A string, or a whole number read as its decimal text (workers send error codes either way). */
    String optionalTextOrInteger(String name, int maxLength) {
        JsonNode node = object.get(name);
        if (node != null && node.isIntegralNumber()) {
            return node.bigIntegerValue().toString();
        }
        return optionalText(name, maxLength);
    }

    Long wholeNumber(String name, long min, long max) {
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

    Integer wholeInt(String name, int min) {
        Long value = wholeNumber(name, min, Integer.MAX_VALUE);
        return value == null ? null : value.intValue();
    }

    Double number(String name, double min) {
        JsonNode node = object.get(name);
        if (isAbsent(node)) {
            return invalid(name, "is required");
        }
        if (!node.isNumber()) {
            return invalid(name, "must be a number");
        }
        double value = node.doubleValue();
        if (!Double.isFinite(value) || value < min) {
            return invalid(name, "must be a number of at least " + min);
        }
        return value;
    }

    /** A required nested object, read with the same error list; empty when it is missing or not an object. */
    Optional<FieldReader> object(String name) {
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

    /** Records a problem found outside the JSON body, e.g. in a header. */
    void reject(String field, String message) {
        errors.add(new InvalidField(field, message));
    }

    void requireValid() {
        if (!errors.isEmpty()) {
            throw new InvalidWebhookException(errors);
        }
    }

    private String checkedText(String name, JsonNode node, int maxLength) {
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
        return value;
    }

    private static boolean isAbsent(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode();
    }

    private <T> T invalid(String name, String message) {
        errors.add(new InvalidField(prefix + name, message));
        return null;
    }
}
