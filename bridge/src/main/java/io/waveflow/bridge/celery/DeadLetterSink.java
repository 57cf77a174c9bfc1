package io.waveflow.bridge.celery;

import io.waveflow.contracts.deadletter.DeadLetter;

/** Where records that can never become a Celery message are parked, with the reason. */
public interface DeadLetterSink {

    /** Returns once the dead letter is durably stored; throws when it is not. */
    void park(String key, DeadLetter letter);
}
