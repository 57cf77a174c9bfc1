package io.waveflow.contracts.webhook;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;

/**
 * The signature every sender of a webhook to the bridge attaches (bridge/WEBHOOKS.md):
 * {@code X-Waveflow-Signature: t=<unix seconds>,v1=<hex>}, where {@code v1} is the lower-case hex
 * HMAC-SHA256, keyed with the UTF-8 bytes of a shared secret, of the ASCII text {@code "<t>."}
 * followed by the raw request body bytes. Pure functions, shared by the bridge, its tests, the
 * local stack and any Java client.
 */
public final class WebhookSignature {

    public static final String HEADER = "X-Waveflow-Signature";
    public static final Duration DEFAULT_TOLERANCE = Duration.ofSeconds(300);
    /** Longer headers are refused unread; a header with a few signatures is far below this. */
    public static final int MAX_HEADER_LENGTH = 1024;

    private static final String ALGORITHM = "HmacSHA256";
    private static final String TIMESTAMP = "t";
    private static final String V1 = "v1";
    private static final int V1_HEX_LENGTH = 64;
    private static final int MAX_TIMESTAMP_DIGITS = 12;
    private static final HexFormat HEX = HexFormat.of();

    private WebhookSignature() {
    }

    /** What {@link #verify} found; only {@link #VALID} lets a request in. */
    public enum Verification {
        VALID, MISSING, MALFORMED, MISMATCH, EXPIRED, FUTURE;

        public boolean isValid() {
            return this == VALID;
        }
    }

    /** The header value for {@code body} sent at {@code epochSeconds}, signed with {@code secret}. */
    public static String sign(String secret, long epochSeconds, byte[] body) {
        if (epochSeconds < 0) {
            throw new IllegalArgumentException("epochSeconds must not be negative");
        }
        return TIMESTAMP + "=" + epochSeconds + "," + V1 + "=" + HEX.formatHex(hmac(secret, epochSeconds, body));
    }

    /**
     * Checks a header against every active secret, in constant time for each comparison: the
     * header must carry one {@code t} and at least one {@code v1} (elements of other schemes are
     * ignored), one {@code v1} must match one secret, and {@code t} must lie within
     * {@code tolerance} of {@code nowEpochSeconds}, in the past or the future.
     */
    public static Verification verify(String header, byte[] body, Collection<String> secrets,
                                      long nowEpochSeconds, Duration tolerance) {
        if (header == null || header.isBlank()) {
            return Verification.MISSING;
        }
        Parsed parsed = parse(header);
        if (parsed == null) {
            return Verification.MALFORMED;
        }
        boolean matched = false;
        for (String secret : secrets) {
            if (secret == null || secret.isEmpty()) {
                continue;
            }
            byte[] expected = hmac(secret, parsed.timestamp(), body);
            for (byte[] candidate : parsed.signatures()) {
                // No early exit: the time taken does not tell which secret or signature matched.
                matched |= MessageDigest.isEqual(expected, candidate);
            }
        }
        if (!matched) {
            return Verification.MISMATCH;
        }
        long age = nowEpochSeconds - parsed.timestamp();
        if (age > tolerance.toSeconds()) {
            return Verification.EXPIRED;
        }
        if (-age > tolerance.toSeconds()) {
            return Verification.FUTURE;
        }
        return Verification.VALID;
    }

    private static Parsed parse(String header) {
        if (header.length() > MAX_HEADER_LENGTH) {
            return null;
        }
        Long timestamp = null;
        List<byte[]> signatures = new ArrayList<>();
        for (String element : header.split(",", -1)) {
            int equals = element.indexOf('=');
            if (equals < 0) {
                return null;
            }
            String key = element.substring(0, equals).trim();
            String value = element.substring(equals + 1).trim();
            if (key.equals(TIMESTAMP)) {
                if (timestamp != null || !isDigits(value, MAX_TIMESTAMP_DIGITS)) {
                    return null;
                }
                timestamp = Long.parseLong(value);
            } else if (key.equals(V1)) {
                if (value.length() != V1_HEX_LENGTH || !isHex(value)) {
                    return null;
                }
                signatures.add(HEX.parseHex(value));
            }
        }
        return timestamp == null || signatures.isEmpty() ? null : new Parsed(timestamp, signatures);
    }

    private static byte[] hmac(String secret, long epochSeconds, byte[] body) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM));
            mac.update((epochSeconds + ".").getBytes(StandardCharsets.US_ASCII));
            return mac.doFinal(body);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has " + ALGORITHM, e);
        } catch (InvalidKeyException | IllegalArgumentException e) {
            throw new IllegalArgumentException("a webhook secret must not be empty", e);
        }
    }

    private static boolean isDigits(String value, int maxLength) {
        if (value.isEmpty() || value.length() > maxLength) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) < '0' || value.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private static boolean isHex(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F')) {
                return false;
            }
        }
        return true;
    }

    private record Parsed(long timestamp, List<byte[]> signatures) {
    }
}
