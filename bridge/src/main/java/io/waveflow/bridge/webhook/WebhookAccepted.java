package io.waveflow.bridge.webhook;

/**
 * The seed's success body {@code {"status":"success","message":...}}, plus the id of the stored
 * event so a sender can trace its webhook.
 */
public record WebhookAccepted(String status, String message, String eventId) {

    public static WebhookAccepted success(String message, String eventId) {
        return new WebhookAccepted("success", message, eventId);
    }
}
