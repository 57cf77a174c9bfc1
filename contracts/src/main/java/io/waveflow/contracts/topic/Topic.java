package io.waveflow.contracts.topic;

import org.apache.kafka.common.serialization.Serde;

/** A Kafka topic with the serdes of its keys and values, so no caller guesses either. */
public record Topic<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde) {
}
