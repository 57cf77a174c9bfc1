package io.waveflow.bridge.webhook;

import io.waveflow.bridge.inbound.MalformedWebhookException;
import io.waveflow.bridge.inbound.WebhookRequest;
import io.waveflow.contracts.webhook.WebhookSignature;
import io.waveflow.contracts.webhook.WebhookSignature.Verification;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * The door in front of the webhook mapping: a request is read only up to the body limit, and its
 * raw bytes must carry a valid {@code X-Waveflow-Signature} (bridge/WEBHOOKS.md) before any of it
 * is parsed. Refusals are exceptions that {@link WebhookProblems} answers with 413 or 401.
 */
public class WebhookGate {

    private final int maxBodyBytes;
    private final boolean verifySignatures;
    private final List<String> secrets;
    private final Duration tolerance;
    private final Clock clock;

    public WebhookGate(int maxBodyBytes, boolean verifySignatures, List<String> secrets, Duration tolerance,
                       Clock clock) {
        if (verifySignatures && secrets.isEmpty()) {
            throw new IllegalArgumentException("signature verification needs at least one secret");
        }
        this.maxBodyBytes = maxBodyBytes;
        this.verifySignatures = verifySignatures;
        this.secrets = List.copyOf(secrets);
        this.tolerance = tolerance;
        this.clock = clock;
    }

    /**
     * Reads and authenticates one webhook.
     *
     * @param declaredLength the {@code Content-Length}, or -1 when the body is chunked
     * @throws PayloadTooLargeException       when the body is over the limit
     * @throws UnauthenticatedWebhookException when verification is on and the signature is not valid
     */
    public WebhookRequest admit(InputStream body, long declaredLength, String signature, String idempotencyKey) {
        byte[] raw = read(body, declaredLength);
        if (verifySignatures) {
            Verification verification = WebhookSignature.verify(signature, raw, secrets,
                    clock.instant().getEpochSecond(), tolerance);
            if (!verification.isValid()) {
                throw new UnauthenticatedWebhookException(verification, tolerance);
            }
        }
        return WebhookRequest.of(raw, idempotencyKey, clock);
    }

    public int maxBodyBytes() {
        return maxBodyBytes;
    }

    private byte[] read(InputStream body, long declaredLength) {
        if (declaredLength > maxBodyBytes) {
            throw new PayloadTooLargeException(maxBodyBytes);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(declaredLength > 0 ? (int) declaredLength : 1024);
        byte[] buffer = new byte[8192];
        try {
            int read;
            while ((read = body.read(buffer)) != -1) {
                if (out.size() + read > maxBodyBytes) {
                    // A chunked body gives no length up front: stop reading at the limit, not at its end.
                    throw new PayloadTooLargeException(maxBodyBytes);
                }
                out.write(buffer, 0, read);
            }
        } catch (IOException e) {
            throw new MalformedWebhookException("body could not be read: " + e.getMessage(), e);
        }
        return out.toByteArray();
    }
}
