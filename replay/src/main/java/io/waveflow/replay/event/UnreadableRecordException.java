package io.waveflow.replay.event;

/** A record whose value is not an event replay can read; replay reports it and goes on. */
public class UnreadableRecordException extends RuntimeException {

    public UnreadableRecordException(String message) {
        super(message);
    }
}
