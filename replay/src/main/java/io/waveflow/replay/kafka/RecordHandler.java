package io.waveflow.replay.kafka;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.io.IOException;

/** Receives each record of a read, in offset order per partition. */
@FunctionalInterface
public interface RecordHandler {

    void accept(ConsumerRecord<byte[], byte[]> record) throws IOException;
}
