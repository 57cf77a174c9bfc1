package io.waveflow.contracts;

import java.time.Instant;

/**
 * What every record on a Waveflow topic has: its own id (stable across redeliveries, so
 * consumers can deduplicate), the stem it concerns (also the Kafka key), and when it happened.
 */
public interface StemMessage extends AboutStem {

    String id();

    @Override
    String stemId();

    Instant time();
}
