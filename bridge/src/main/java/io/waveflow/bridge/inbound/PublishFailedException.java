package io.waveflow.bridge.inbound;

/** Kafka did not acknowledge an inbound event in time; the sender should retry the webhook. */
public class PublishFailedException extends RuntimeException {

    public PublishFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
