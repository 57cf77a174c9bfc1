package io.waveflow.bridge.admin;

/** The answer to a control command: stored on Kafka, to be decided by the workflow. */
public record CommandAccepted(String status, String eventId) {

    static CommandAccepted of(String eventId) {
        return new CommandAccepted("accepted", eventId);
    }
}
