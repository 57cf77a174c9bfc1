package io.waveflow.bridge.celery;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.listener.BatchAcknowledgingMessageListener;
import org.springframework.kafka.support.Acknowledgment;

import java.util.List;

/**
 * Consumes the commands topic in batches and commits a batch only after the forwarder put every
 * command on SQS or on the dead-letter topic. A forwarder exception leaves the offsets alone: the
 * container's error handler backs off and redelivers the batch.
 */
public class CommandListener implements BatchAcknowledgingMessageListener<String, byte[]> {

    private final CommandForwarder forwarder;

    public CommandListener(CommandForwarder forwarder) {
        this.forwarder = forwarder;
    }

    @Override
    public void onMessage(List<ConsumerRecord<String, byte[]>> records, Acknowledgment acknowledgment) {
        forwarder.forward(records);
        acknowledgment.acknowledge();
    }
}
