package io.waveflow.bridge;

import io.waveflow.contracts.webhook.WebhookSignature;
import tools.jackson.databind.json.JsonMapper;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

/**
 * Makes webhook requests that the bridge must refuse, from a seed: a valid body of the endpoint
 * (random ids, hashes, times, unknown extra fields) receives at least one defect that on its own
 * makes the request invalid — a field removed, of the wrong type or out of range, a huge or
 * over-long number, deep nesting, a duplicate key, a body that is no object, a truncation,
 * invalid UTF-8, trailing garbage, an oversize body, a bad signature or a wrong content type.
 * Bodies are written as raw JSON text, so any byte sequence can be produced. Each case carries
 * the status the bridge must answer, by the bridge's precedence 415, 413, 401, 400.
 */
final class WebhookFuzzer {

    static final String UPLOAD = "/upload-complete";
    static final String HASH_CHECK = "/webhook/hash-check";
    static final String COMPLETION = "/webhook/completion";
    static final int BODY_LIMIT = 64 * 1024;

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String JSON_TYPE = "application/json";
    private static final String ALPHANUMERIC = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    /** A request to send and the answer it must get. */
    record Case(String path, String defects, String contentType, byte[] body, Map<String, String> headers,
                int expectedStatus) {

        @Override
        public String toString() {
            String text = new String(body, 0, Math.min(body.length, 300), StandardCharsets.UTF_8);
            return path + " [" + defects + "] expecting " + expectedStatus + " (" + body.length + " bytes): " + text;
        }
    }

    private enum Kind { ID, TEXT, MULTILINE, HEX, TIME, STATUS, TASK, ERROR_CODE, SIZE, DURATION, POSITIVE_INT, RESULT }

    private record Field(String name, Kind kind, boolean required) {
    }

    private final Random random;
    private final String secret;

    WebhookFuzzer(long seed, String secret) {
        this.random = new Random(seed);
        this.secret = secret;
    }

    Case next(String path) {
        List<String> defects = new ArrayList<>();
        boolean success = random.nextBoolean();
        Map<String, String> body = validBody(path, success);
        Map<String, String> result = path.equals(COMPLETION) ? validResult(success) : null;
        addExtraFields(body, result);

        int status = 400;
        int roll = random.nextInt(100);
        byte[] bytes;
        if (roll < 45) {
            int defectCount = 1 + (random.nextInt(4) == 0 ? random.nextInt(3) : 0);
            for (int i = 0; i < defectCount; i++) {
                breakAField(path, success, body, result, defects);
            }
            bytes = render(body, result, null);
        } else if (roll < 50) {
            Field field = pick(required(path, success, false));
            defects.add("duplicate " + field.name());
            bytes = render(body, result, field.name());
        } else if (roll < 54) {
            bytes = utf8(pick(notAnObject(render(body, result, null))));
            defects.add("not an object");
        } else if (roll < 66) {
            byte[] whole = render(body, result, null);
            int cut = random.nextInt(whole.length);
            bytes = java.util.Arrays.copyOf(whole, cut);
            defects.add("truncated at " + cut);
        } else if (roll < 74) {
            bytes = insertInvalidUtf8(render(body, result, null), defects);
        } else if (roll < 77) {
            byte[] whole = render(body, result, null);
            bytes = concat(whole, utf8(pick(List.of(" {}", "x", ",", "]", " null", "{\"a\":1}"))));
            defects.add("trailing garbage");
        } else {
            bytes = render(body, result, null);
            // Alone, these bodies would be accepted: the defect is in the size, signature or content type.
            if (roll < 80) {
                bytes = oversize(body, result);
                defects.add("oversize " + bytes.length);
                status = 413;
            }
        }

        Map<String, String> headers = new LinkedHashMap<>();
        long now = Instant.now().getEpochSecond();
        String signature = WebhookSignature.sign(secret, now, bytes);
        if (roll >= 80 && roll < 94) {
            status = 401;
            signature = badSignature(bytes, now, defects);
        }
        if (signature != null) {
            headers.put(WebhookSignature.HEADER, signature);
        }
        String contentType = JSON_TYPE;
        if (roll >= 94) {
            status = 415;
            contentType = pick(List.of("text/plain", "application/xml", "application/octet-stream",
                    "application/x-www-form-urlencoded", "text/json", "multipart/form-data; boundary=x"));
            defects.add("content type " + contentType);
        } else if (random.nextInt(10) == 0) {
            contentType = pick(List.of("application/json; charset=utf-8", "application/json;charset=UTF-8",
                    "APPLICATION/JSON"));
        }
        if (random.nextInt(20) == 0) {
            headers.put("Idempotency-Key", "fuzz-" + random.nextLong());
        }
        return new Case(path, String.join(", ", defects), contentType, bytes, headers, status);
    }

    // ---- valid bodies --------------------------------------------------------------------------

    private Map<String, String> validBody(String path, boolean success) {
        Map<String, String> body = new LinkedHashMap<>();
        for (Field field : fields(path, success)) {
            if (field.kind() != Kind.RESULT && (field.required() || random.nextBoolean())) {
                body.put(field.name(), valid(field.kind()));
            }
        }
        if (path.equals(COMPLETION)) {
            body.put("status", success ? "\"SUCCESS\"" : quote(pick(List.of("FAILURE", "FAILED", "ERROR"))));
            if (success && body.containsKey("task")) {
                // A hash or duplicate task's success needs no analysis fields, so breaking one would not count.
                body.put("task", "\"app.tasks.process_audio_analysis\"");
            }
            body.put("result", null);
        }
        return body;
    }

    private Map<String, String> validResult(boolean success) {
        Map<String, String> result = new LinkedHashMap<>();
        for (Field field : resultFields(success)) {
            if (field.required() || random.nextBoolean()) {
                result.put(field.name(), valid(field.kind()));
            }
        }
        return result;
    }

    private String valid(Kind kind) {
        return switch (kind) {
            // "fuzz-" marks every stem of this test, should one ever reach the topic.
            case ID -> quote("fuzz-" + word(1 + random.nextInt(30)));
            case TEXT -> quote(pick(List.of("stems/", "uploads/", "")) + word(1 + random.nextInt(40))
                    + pick(List.of(".wav", ".mp3", ".flac", " 한글 (1).wav", "")));
            case MULTILINE -> quote("Traceback (most recent call last):\n  File \"x.py\", line "
                    + random.nextInt(999) + "\n\tValueError: " + word(10));
            case HEX -> quote(hex(pick(List.of(8, 32, 40, 64, 128))));
            case TIME -> quote(pick(List.of("2026-11-26T01:00:00.000Z", "2026-11-26T10:00:00.123456+09:00",
                    "2026-11-26T01:00:00.123456", "2026-11-26T01:00:00Z")));
            case STATUS -> quote(pick(List.of("SUCCESS", "DONE", "OK")));
            case TASK -> quote(pick(List.of("app.tasks.generate_hash_and_webhook", "app.tasks.process_duplicate_file",
                    "app.tasks.process_audio_analysis")));
            case ERROR_CODE -> random.nextBoolean() ? quote("E" + random.nextInt(1000)) : Long.toString(random.nextInt());
            case SIZE -> Long.toString(random.nextLong() & Long.MAX_VALUE);
            case DURATION -> Double.toString(random.nextDouble() * 10_000);
            case POSITIVE_INT -> Integer.toString(1 + random.nextInt(Integer.MAX_VALUE - 1));
            case RESULT -> throw new IllegalArgumentException("the result is built field by field");
        };
    }

    private void addExtraFields(Map<String, String> body, Map<String, String> result) {
        int extras = random.nextInt(4);
        for (int i = 0; i < extras; i++) {
            Map<String, String> target = result != null && random.nextBoolean() ? result : body;
            target.put("x_" + i + "_" + word(5), anyJson(3));
        }
    }

    /** Any well-formed JSON value of at most {@code depth} levels. */
    private String anyJson(int depth) {
        int choice = random.nextInt(depth > 0 ? 8 : 6);
        return switch (choice) {
            case 0 -> "null";
            case 1 -> Boolean.toString(random.nextBoolean());
            case 2 -> Long.toString(random.nextLong());
            case 3 -> Double.toString(random.nextGaussian() * 1e6);
            case 4 -> quote(word(random.nextInt(20)));
            case 5 -> "123456789012345678901234567890";
            case 6 -> "[" + anyJson(depth - 1) + "," + anyJson(depth - 1) + "]";
            default -> "{\"k\":" + anyJson(depth - 1) + "}";
        };
    }

    // ---- defects -------------------------------------------------------------------------------

    private void breakAField(String path, boolean success, Map<String, String> body, Map<String, String> result,
                             List<String> defects) {
        boolean inResult = result != null && random.nextBoolean();
        List<Field> candidates = inResult ? resultFields(success) : fields(path, success);
        Map<String, String> target = inResult ? result : body;
        String prefix = inResult ? "result." : "";
        if (random.nextInt(4) == 0) {
            List<Field> required = candidates.stream().filter(Field::required).toList();
            Field field = pick(required);
            target.remove(field.name());
            defects.add(prefix + field.name() + " removed");
        } else {
            Field field = pick(candidates);
            String value = pick(invalid(field));
            target.put(field.name(), value);
            defects.add(prefix + field.name() + "=" + abbreviate(value));
        }
    }

    /** Values each of which fails the field's rule on its own. */
    private List<String> invalid(Field field) {
        List<String> values = new ArrayList<>();
        Kind kind = field.kind();
        boolean textual = switch (kind) {
            case ID, TEXT, MULTILINE, HEX, TIME, STATUS, TASK -> true;
            default -> false;
        };
        if (textual) {
            values.addAll(List.of("123", "true", "false", "[]", "{}", "[\"a\"]", "{\"a\":\"b\"}", "1.5", "\"\"",
                    "\"   \"", deepArrays(), deepObjects(), hugeNumber(), "-9223372036854775809"));
        }
        if (field.required()) {
            values.add("null");
        }
        switch (kind) {
            case ID -> values.addAll(List.of(quote("a".repeat(129)), "\"a/b\"", "\"a b\"", "\"é\"", "\"a\\u0000\"",
                    "\"stem\\n\"", "\"../etc\"", "\"a;b\"", "\"\\ud800\""));
            case TEXT, STATUS -> values.addAll(List.of(quote("x".repeat(4097)), "\"a\\u0001b\"", "\"a\\nb\"",
                    "\"\\ud800\"", "\"x\\udc00y\"", "\"\\u007f\""));
            case MULTILINE -> values.addAll(List.of("\"a\\u0000\"", "\"\\ud83d\"", "\"\\u001b[31m\""));
            case HEX -> values.addAll(List.of("\"abc\"", "\"9f86d08\"", "\"xyz12345\"", "\"9f86d081 \"",
                    quote("a".repeat(129)), "\"0x9f86d081\"", "\"9f86-d081\""));
            case TIME -> values.addAll(List.of("\"yesterday\"", "\"2026-13-01T00:00:00Z\"", "\"2026-11-26\"",
                    "\"1795650000\"", "\"2026-11-26T01:00:00+25:00\"", "\"2026-02-30T01:00:00Z\"",
                    "\"26/11/2026 01:00\"", quote("2026-11-26T01:00:00." + "1".repeat(80) + "Z")));
            case TASK -> values.addAll(List.of("\"app.tasks.nope\"", "\"generate_hash_and_webhook\"",
                    "\"APP.TASKS.PROCESS_AUDIO_ANALYSIS\""));
            case ERROR_CODE -> values.addAll(List.of("true", "1.5", "[]", "{}", "\"\"", quote("x".repeat(4097)),
                    "\"a\\u0002\""));
            case SIZE -> values.addAll(List.of("-1", "9223372036854775808", "1e30", "1.5", "\"10\"", "true", "[]",
                    "{}", hugeNumber(), "-" + hugeNumber(), deepArrays(), "1E3"));
            // A 20-digit integer is a valid duration; one beyond double range is not.
            case DURATION -> values.addAll(List.of("-1", "-1e-9", "1e999", "-1e999", "\"1.5\"", "true", "[]",
                    "{}", "NaN", "Infinity", "-Infinity", "1" + "0".repeat(400), "9".repeat(1001),
                    "1." + "5".repeat(1500)));
            case POSITIVE_INT -> values.addAll(List.of("0", "-1", "2147483648", "1.0", "\"5\"", "false", "[1]",
                    hugeNumber(), "99999999999999999999"));
            case RESULT -> values.addAll(List.of("\"oops\"", "1", "[]", "true", "[{}]", deepArrays()));
        }
        return values;
    }

    private List<String> notAnObject(byte[] valid) {
        String object = new String(valid, StandardCharsets.UTF_8);
        return List.of("", "   ", "[]", "[" + object + "]", "\"" + word(10) + "\"", "42", "null", "true",
                deepArrays(), "{", "}", "{\"a\"}", "{'stemId':'x'}", "{stemId:\"x\"}", "\u0000", "\ufeff" + "[]");
    }

    private byte[] insertInvalidUtf8(byte[] whole, List<String> defects) {
        byte[][] invalid = {{(byte) 0xff}, {(byte) 0xfe}, {(byte) 0x80}, {(byte) 0xc3, 0x28},
                {(byte) 0xe2, (byte) 0x82, 0x28}, {(byte) 0xf0, (byte) 0x28, (byte) 0x8c, (byte) 0xbc}};
        byte[] inserted = pick(List.of(invalid));
        int at = random.nextInt(whole.length + 1);
        defects.add("invalid UTF-8 at " + at);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(whole, 0, at);
        out.write(inserted, 0, inserted.length);
        out.write(whole, at, whole.length - at);
        return out.toByteArray();
    }

    private byte[] oversize(Map<String, String> body, Map<String, String> result) {
        int size = BODY_LIMIT + 1 + random.nextInt(random.nextBoolean() ? 16 : 3 * BODY_LIMIT);
        body.put("x_padding", null);
        String rendered = new String(render(body, result, null), StandardCharsets.UTF_8);
        body.remove("x_padding");
        // "null" (4 bytes) becomes the quoted padding (2 + n bytes); the rest may hold multi-byte characters.
        int padding = Math.max(0, size - utf8(rendered).length + 2);
        return utf8(rendered.replace("\"x_padding\":null", "\"x_padding\":" + quote("x".repeat(padding))));
    }

    /** A minute beyond the 300 s tolerance either way, so the time a request takes cannot make it valid. */
    private String badSignature(byte[] body, long t, List<String> defects) {
        int which = random.nextInt(7);
        String reason = List.of("missing", "wrong secret", "expired", "future", "body changed", "malformed",
                "scheme v0 only").get(which);
        defects.add("signature " + reason);
        return switch (which) {
            case 0 -> null;
            case 1 -> WebhookSignature.sign("not-the-bridge-secret-" + random.nextInt(), t, body);
            case 2 -> WebhookSignature.sign(secret, t - 360 - random.nextInt(100_000), body);
            case 3 -> WebhookSignature.sign(secret, t + 360 + random.nextInt(100_000), body);
            case 4 -> WebhookSignature.sign(secret, t, concat(body, utf8(" ")));
            case 5 -> pick(List.of("t=" + t, "v1=abc", "garbage", "t=x,v1=" + hex(64), "t=" + t + ",v1=" + hex(63)));
            default -> "t=" + t + ",v0=" + hex(64);
        };
    }

    // ---- rendering -------------------------------------------------------------------------------

    /** Writes the fields as a JSON object; {@code duplicate} is written twice. The result goes where "result" is. */
    private byte[] render(Map<String, String> body, Map<String, String> result, String duplicate) {
        StringBuilder json = new StringBuilder("{");
        Function<Map<String, String>, String> object = fields -> {
            StringBuilder inner = new StringBuilder("{");
            fields.forEach((name, value) -> inner.append(inner.length() > 1 ? "," : "").append(quote(name))
                    .append(':').append(value));
            return inner.append('}').toString();
        };
        for (Map.Entry<String, String> entry : body.entrySet()) {
            String value = entry.getValue() == null && entry.getKey().equals("result") ? object.apply(result)
                    : entry.getValue();
            if (value == null) {
                value = "null";
            }
            json.append(json.length() > 1 ? "," : "").append(quote(entry.getKey())).append(':').append(value);
            if (entry.getKey().equals(duplicate)) {
                json.append(',').append(quote(entry.getKey())).append(':').append(value);
            }
        }
        return utf8(json.append('}').toString());
    }

    private static List<Field> fields(String path, boolean success) {
        return switch (path) {
            case UPLOAD -> List.of(new Field("userId", Kind.ID, true), new Field("trackId", Kind.ID, true),
                    new Field("stemId", Kind.ID, true), new Field("filepath", Kind.TEXT, true),
                    new Field("original_filename", Kind.TEXT, true));
            case HASH_CHECK -> List.of(new Field("stemId", Kind.ID, true), new Field("userId", Kind.ID, true),
                    new Field("trackId", Kind.ID, true), new Field("filepath", Kind.TEXT, true),
                    new Field("audio_hash", Kind.HEX, true), new Field("timestamp", Kind.TIME, true),
                    new Field("original_filename", Kind.TEXT, true), new Field("status", Kind.TEXT, true));
            case COMPLETION -> List.of(new Field("stemId", Kind.ID, true), new Field("status", Kind.STATUS, true),
                    new Field("timestamp", Kind.TIME, true), new Field("task", Kind.TASK, false),
                    new Field("result", Kind.RESULT, true));
            default -> throw new IllegalArgumentException(path);
        };
    }

    private static List<Field> required(String path, boolean success, boolean includeResult) {
        return fields(path, success).stream()
                .filter(field -> field.required() && (includeResult || field.kind() != Kind.RESULT)).toList();
    }

    private static List<Field> resultFields(boolean success) {
        return success
                ? List.of(new Field("audio_data_hash", Kind.HEX, true), new Field("waveform_data_path", Kind.TEXT, true),
                        new Field("file_size", Kind.SIZE, true), new Field("duration", Kind.DURATION, true),
                        new Field("sample_rate", Kind.POSITIVE_INT, true), new Field("num_peaks", Kind.POSITIVE_INT, true))
                : List.of(new Field("error_message", Kind.MULTILINE, true), new Field("error_code", Kind.ERROR_CODE, false));
    }

    private String deepArrays() {
        int depth = pick(List.of(2, 50, 999, 1001, 5000));
        return "[".repeat(depth) + "]".repeat(depth);
    }

    private String deepObjects() {
        int depth = pick(List.of(2, 100, 2000));
        return "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
    }

    private String hugeNumber() {
        return "9".repeat(pick(List.of(20, 400, 1001, 5000)));
    }

    private String word(int length) {
        StringBuilder word = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            word.append(ALPHANUMERIC.charAt(random.nextInt(ALPHANUMERIC.length())));
        }
        return word.toString();
    }

    private String hex(int length) {
        StringBuilder hex = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            hex.append("0123456789abcdef".charAt(random.nextInt(16)));
        }
        return hex.toString();
    }

    private <T> T pick(List<T> options) {
        return options.get(random.nextInt(options.size()));
    }

    private static String quote(String text) {
        return JSON.writeValueAsString(text);
    }

    private static String abbreviate(String value) {
        return value.length() <= 40 ? value : value.substring(0, 37) + "...(" + value.length() + ")";
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] joined = java.util.Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, joined, first.length, second.length);
        return joined;
    }
}
