package io.waveflow.local;

import java.nio.file.Path;

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
        return KeptSecret.loadOrCreate(dataDir.resolve(FILE));
    }
}
