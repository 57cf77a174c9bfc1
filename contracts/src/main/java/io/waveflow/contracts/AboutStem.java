package io.waveflow.contracts;

/**
 * A message about one stem, whatever it is keyed by: tracing tags its spans with this stem even
 * where the Kafka key is not the stem id (the topology's claims, keyed by claim key).
 */
public interface AboutStem {

    String stemId();
}
