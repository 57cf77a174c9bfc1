package io.waveflow.bridge.outbox;

/** An outbox row that can never become an inbound event; its message is the dead letter's reason. */
public class MalformedOutboxRowException extends RuntimeException {

    public MalformedOutboxRowException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
