package io.waveflow.bridge.inbound;

/** A webhook body that is not one well-formed JSON document. */
public class MalformedWebhookException extends RuntimeException {

    public MalformedWebhookException(String message, Throwable cause) {
        super(message, cause);
    }
}
