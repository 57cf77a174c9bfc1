package io.waveflow.projections.consumer;

import io.waveflow.contracts.deadletter.DeadLetter;
import io.waveflow.contracts.deadletter.DeadLetters;
import io.waveflow.contracts.json.Codecs;
import io.waveflow.contracts.json.MalformedRecordException;
import io.waveflow.contracts.workflow.WorkflowEvent;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes raw workflow records with the CloudEvents codec. A record that is not a workflow event
 * becomes a dead letter naming why, so one bad record never stops the read model.
 */
public class BatchDecoder {

    /** The {@code failedIn} of every dead letter this service writes. */
    public static final String FAILED_IN = "projections";

    private final Clock clock;

    public BatchDecoder(Clock clock) {
        this.clock = clock;
    }

    public DecodedBatch decode(List<ConsumerRecord<String, byte[]>> records) {
        List<WorkflowEvent> events = new ArrayList<>(records.size());
        List<DeadLetter> deadLetters = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            try {
                events.add(Codecs.WORKFLOW.decode(record.value()));
            } catch (MalformedRecordException e) {
                deadLetters.add(DeadLetters.of(record.topic(), record.partition(), record.offset(), keyBytes(record),
                        record.value(), e.getMessage(), FAILED_IN, clock.instant()));
            }
        }
        return new DecodedBatch(List.copyOf(events), List.copyOf(deadLetters));
    }

    private static byte[] keyBytes(ConsumerRecord<String, byte[]> record) {
        return record.key() == null ? null : record.key().getBytes(StandardCharsets.UTF_8);
    }
}
