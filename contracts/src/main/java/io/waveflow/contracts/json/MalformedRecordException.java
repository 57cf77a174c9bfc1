package io.waveflow.contracts.json;

import org.apache.kafka.common.errors.SerializationException;

/**
 * A record's bytes are not a Waveflow message. Extends Kafka's {@link SerializationException}
 * so Kafka Streams' and spring-kafka's deserialization error handlers recognise it.
 */
public class MalformedRecordException extends SerializationException {

    public MalformedRecordException(String message) {
        super(message);
    }

    public MalformedRecordException(String message, Throwable cause) {
        super(message, cause);
    }
}
