package io.waveflow.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The secret webhook senders sign with (header {@code X-Waveflow-Signature}, see contracts'
 * {@code WebhookSignature}). Generated on first start and kept in the data directory, so scripts
 * and workers configured with it keep working across restarts; {@code --fresh} makes a new one.
 */
final class WebhookSecret {

    static final String FILE = "webhook-secret";

    private WebhookSecret() {
    }

    /** The first of a comma-separated {@code WAVEFLOW_WEBHOOK_SECRETS} value, or null when there is none. */
    static String first(String secrets) {
        if (secrets == null) {
            return null;
        }
        for (String secret : secrets.split(",")) {
            if (!secret.isBlank()) {
                return secret.strip();
            }
        }
        return null;
    }

    /** Reads the secret kept in {@code dataDir}, creating it (owner-readable only) on first use. */
    static String loadOrCreate(Path dataDir) {
        Path file = dataDir.resolve(FILE);
        try {
            if (Files.exists(file)) {
                String kept = Files.readString(file, StandardCharsets.UTF_8).strip();
                if (!kept.isEmpty()) {
                    return kept;
                }
            }
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            String secret = HexFormat.of().formatHex(random);
            Files.writeString(file, secret + "\n", StandardCharsets.UTF_8);
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            }
            return secret;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write the webhook secret " + file, e);
        }
    }
}
