package io.waveflow.projections.consumer;

import io.waveflow.contracts.StemMessage;
import io.waveflow.contracts.TraceHeaders;
import io.waveflow.contracts.deadletter.DeadLetters;
import io.waveflow.contracts.json.EnvelopeCodec;
import io.waveflow.contracts.json.Codecs;
import io.waveflow.contracts.json.MalformedRecordException;
import io.waveflow.contracts.topic.Topics;
import io.waveflow.projections.store.ConsumedRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes raw records of the inbound and workflow topics with their CloudEvents codecs. A record
 * that is not an event of its topic becomes a dead letter naming why, so one bad record never
 * stops the read model.
 */
public class BatchDecoder {

    /** The {@code failedIn} of every dead letter this service writes. */
    public static final String FAILED_IN = "projections";

    private final Clock clock;

    public BatchDecoder(Clock clock) {
        this.clock = clock;
    }

    public List<ConsumedRecord> decode(Iterable<ConsumerRecord<String, byte[]>> records) {
        List<ConsumedRecord> decoded = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            decoded.add(decode(record));
        }
        return decoded;
    }

    public ConsumedRecord decode(ConsumerRecord<String, byte[]> record) {
        if (Topics.INBOUND.name().equals(record.topic())) {
            return decode(record, Codecs.INBOUND);
        }
        if (Topics.WORKFLOW.name().equals(record.topic())) {
            return decode(record, Codecs.WORKFLOW);
        }
        throw new IllegalArgumentException("not an event topic of the read model: " + record.topic());
    }

    private <T extends StemMessage> ConsumedRecord decode(ConsumerRecord<String, byte[]> record, EnvelopeCodec<T> codec) {
        try {
            T event = codec.decode(record.value());
            return ConsumedRecord.event(record.topic(), record.partition(), record.offset(), event, codec.typeOf(event));
        } catch (MalformedRecordException e) {
            return ConsumedRecord.unreadable(DeadLetters.of(record.topic(), record.partition(), record.offset(),
                    keyBytes(record), record.value(), e.getMessage(), FAILED_IN, clock.instant()),
                    TraceHeaders.get(record.headers(), TraceHeaders.TRACEPARENT));
        }
    }

    private static byte[] keyBytes(ConsumerRecord<String, byte[]> record) {
        return record.key() == null ? null : record.key().getBytes(StandardCharsets.UTF_8);
    }
}
