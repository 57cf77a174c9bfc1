package io.waveflow.projections.store;

import io.waveflow.contracts.StemMessage;
import io.waveflow.contracts.deadletter.DeadLetter;
import org.apache.kafka.common.TopicPartition;

/**
 * One record read from an event topic, decoded: either an event to project (with its CloudEvents
 * type) or, when it could not be read, the dead letter that parks it, with the record's
 * {@code traceparent} (or null) so the dead letter stays in its trace. Where it was read from is
 * kept, because the projection's offsets and a history entry's place in a timeline come from it.
 */
public record ConsumedRecord(String topic, int partition, long offset, StemMessage event, String eventType,
                             DeadLetter deadLetter, String traceparent) {

    public ConsumedRecord {
        if ((event == null) == (deadLetter == null)) {
            throw new IllegalArgumentException("a consumed record is either an event or a dead letter");
        }
    }

    public static ConsumedRecord event(String topic, int partition, long offset, StemMessage event, String type) {
        return new ConsumedRecord(topic, partition, offset, event, type, null, null);
    }

    public static ConsumedRecord unreadable(DeadLetter letter) {
        return unreadable(letter, null);
    }

    public static ConsumedRecord unreadable(DeadLetter letter, String traceparent) {
        return new ConsumedRecord(letter.sourceTopic(), letter.sourcePartition(), letter.sourceOffset(), null, null,
                letter, traceparent);
    }

    public TopicPartition topicPartition() {
        return new TopicPartition(topic, partition);
    }

    public boolean isEvent() {
        return event != null;
    }
}
