package io.waveflow.projections.store;

import io.waveflow.contracts.deadletter.DeadLetter;

import java.util.List;

/** Where unreadable records are parked; returns only once they are accepted, else throws. */
public interface DeadLetterSink {

    void publish(List<DeadLetter> letters);
}
