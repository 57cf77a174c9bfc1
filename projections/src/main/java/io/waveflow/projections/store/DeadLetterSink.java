package io.waveflow.projections.store;

import io.waveflow.contracts.deadletter.DeadLetter;

import java.util.List;

/** Where unreadable records are parked; returns only once they are accepted, else throws. */
public interface DeadLetterSink {

    void publish(List<DeadLetter> letters);

    /** The dead letters of unreadable records; a sink that keeps their trace context reads it from them. */
    default void publishUnreadable(List<ConsumedRecord> unreadable) {
        publish(unreadable.stream().map(ConsumedRecord::deadLetter).toList());
    }
}
