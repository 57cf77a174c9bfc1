package io.waveflow.bridge.webhook;

import io.waveflow.contracts.webhook.WebhookSignature;
import io.waveflow.contracts.webhook.WebhookSignature.Verification;

import java.time.Duration;

/** A webhook without a valid {@code X-Waveflow-Signature}; answered 401 and never parsed. */
public class UnauthenticatedWebhookException extends RuntimeException {

    private final Verification verification;

    public UnauthenticatedWebhookException(Verification verification, Duration tolerance) {
        super(explain(verification, tolerance));
        this.verification = verification;
    }

    public Verification verification() {
        return verification;
    }

    private static String explain(Verification verification, Duration tolerance) {
        String header = WebhookSignature.HEADER;
        return switch (verification) {
            case MISSING -> "the " + header + " header is missing";
            case MALFORMED -> "the " + header + " header is not t=<unix seconds>,v1=<64 hex digits>";
            case MISMATCH -> "no v1 signature matches the body with an active secret";
            case EXPIRED -> "the signature time t is more than " + tolerance.toSeconds() + " s in the past";
            case FUTURE -> "the signature time t is more than " + tolerance.toSeconds() + " s in the future";
            case VALID -> throw new IllegalArgumentException("a valid signature is not refused");
        };
    }
}
