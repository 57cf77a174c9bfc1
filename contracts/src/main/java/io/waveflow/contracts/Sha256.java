package io.waveflow.contracts;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The one SHA-256 helper: deterministic ids (event ids, SQS group and deduplication ids) are
 * hex digests, and every module takes its digest from here.
 */
public final class Sha256 {

    private Sha256() {
    }

    /** A fresh digest, for ids hashed from several parts. */
    public static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** Lower-case hex of the SHA-256 of the text's UTF-8 bytes. */
    public static String hex(String text) {
        return hex(digest().digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** Lower-case hex of a finished digest. */
    public static String hex(byte[] digest) {
        return HexFormat.of().formatHex(digest);
    }
}
