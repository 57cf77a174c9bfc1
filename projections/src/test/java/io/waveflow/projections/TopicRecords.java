package io.waveflow.projections;

import io.waveflow.contracts.StemMessage;
import io.waveflow.contracts.inbound.InboundEvent;
import io.waveflow.contracts.json.Codecs;
import io.waveflow.contracts.topic.Topics;
import io.waveflow.contracts.workflow.WorkflowEvent;
import io.waveflow.projections.store.ConsumedRecord;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Stem stories laid out as the two topics would hold them, without a broker: each stem on the
 * partition its id hashes to, offsets counting up per partition. Each list is in topic order,
 * so any interleaving of the two lists keeps every partition in order.
 */
public record TopicRecords(List<ConsumedRecord> inbound, List<ConsumedRecord> workflow) {

    public static final int PARTITIONS = 4;

    public static TopicRecords of(List<StemStory> stories) {
        Map<Integer, Long> inboundOffsets = new HashMap<>();
        Map<Integer, Long> workflowOffsets = new HashMap<>();
        List<ConsumedRecord> inbound = new ArrayList<>();
        List<ConsumedRecord> workflow = new ArrayList<>();
        for (StemStory story : stories) {
            for (InboundEvent event : story.inbound()) {
                inbound.add(record(Topics.INBOUND.name(), event, Codecs.INBOUND.typeOf(event), inboundOffsets));
            }
            for (WorkflowEvent event : story.workflow()) {
                workflow.add(record(Topics.WORKFLOW.name(), event, Codecs.WORKFLOW.typeOf(event), workflowOffsets));
            }
        }
        return new TopicRecords(inbound, workflow);
    }

    /** The same events once more, at the next offsets: what a producer that re-sent them would leave. */
    public TopicRecords resent() {
        Map<String, Long> next = new HashMap<>();
        inbound.forEach(record -> next.merge(record.topic() + record.partition(), record.offset() + 1, Math::max));
        workflow.forEach(record -> next.merge(record.topic() + record.partition(), record.offset() + 1, Math::max));
        List<ConsumedRecord> inboundAgain = new ArrayList<>();
        List<ConsumedRecord> workflowAgain = new ArrayList<>();
        for (ConsumedRecord record : inbound) {
            inboundAgain.add(ConsumedRecord.event(record.topic(), record.partition(),
                    next.merge(record.topic() + record.partition(), 1L, Long::sum) - 1, record.event(), record.eventType()));
        }
        for (ConsumedRecord record : workflow) {
            workflowAgain.add(ConsumedRecord.event(record.topic(), record.partition(),
                    next.merge(record.topic() + record.partition(), 1L, Long::sum) - 1, record.event(), record.eventType()));
        }
        return new TopicRecords(inboundAgain, workflowAgain);
    }

    public List<ConsumedRecord> workflowThenInbound() {
        List<ConsumedRecord> all = new ArrayList<>(workflow);
        all.addAll(inbound);
        return all;
    }

    public List<ConsumedRecord> inboundThenWorkflow() {
        List<ConsumedRecord> all = new ArrayList<>(inbound);
        all.addAll(workflow);
        return all;
    }

    /** A random interleaving of the two topics, each kept in order. */
    public List<ConsumedRecord> shuffled(long seed) {
        Random random = new Random(seed);
        List<ConsumedRecord> all = new ArrayList<>();
        int i = 0;
        int w = 0;
        while (i < inbound.size() || w < workflow.size()) {
            boolean takeInbound = w == workflow.size() || (i < inbound.size() && random.nextBoolean());
            all.add(takeInbound ? inbound.get(i++) : workflow.get(w++));
        }
        return all;
    }

    public static List<List<ConsumedRecord>> batches(List<ConsumedRecord> records, int size) {
        List<List<ConsumedRecord>> batches = new ArrayList<>();
        for (int from = 0; from < records.size(); from += size) {
            batches.add(List.copyOf(records.subList(from, Math.min(records.size(), from + size))));
        }
        return batches;
    }

    private static ConsumedRecord record(String topic, StemMessage event, String type, Map<Integer, Long> offsets) {
        int partition = Math.floorMod(event.stemId().hashCode(), PARTITIONS);
        long offset = offsets.merge(partition, 1L, Long::sum) - 1;
        return ConsumedRecord.event(topic, partition, offset, event, type);
    }
}
