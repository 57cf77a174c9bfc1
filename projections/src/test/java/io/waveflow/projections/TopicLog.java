package io.waveflow.projections;

import io.waveflow.contracts.topic.Topics;
import io.waveflow.projections.consumer.BatchDecoder;
import io.waveflow.projections.store.BatchObserver;
import io.waveflow.projections.store.ConsumedRecord;
import io.waveflow.projections.store.StemProjector;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Everything committed on the inbound and workflow topics right now, read with the service's
 * isolation: the input of a replay, and the offsets a caught-up consumer must have stored.
 */
public record TopicLog(List<ConsumerRecord<String, byte[]>> inbound, List<ConsumerRecord<String, byte[]>> workflow,
                       Map<TopicPartition, Long> nextOffsets) {

    public static TopicLog read(String bootstrapServers) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString(),
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000), new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = Stream.of(Topics.INBOUND.name(), Topics.WORKFLOW.name())
                    .flatMap(topic -> consumer.partitionsFor(topic).stream())
                    .map(info -> new TopicPartition(info.topic(), info.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            List<ConsumerRecord<String, byte[]>> inbound = new ArrayList<>();
            List<ConsumerRecord<String, byte[]>> workflow = new ArrayList<>();
            Map<TopicPartition, Long> next = new HashMap<>();
            while (partitions.stream().anyMatch(partition -> consumer.position(partition) < ends.get(partition))) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    (record.topic().equals(Topics.INBOUND.name()) ? inbound : workflow).add(record);
                    next.put(new TopicPartition(record.topic(), record.partition()), record.offset() + 1);
                }
            }
            return new TopicLog(List.copyOf(inbound), List.copyOf(workflow), Map.copyOf(next));
        }
    }

    /**
     * Whether {@code stored} offsets cover every record of this log. A consumer may store a
     * partition's position past the last record (past a commit marker), hence at least, not equal.
     */
    public boolean coveredBy(Map<TopicPartition, Long> stored) {
        return nextOffsets.entrySet().stream()
                .allMatch(entry -> stored.getOrDefault(entry.getKey(), 0L) >= entry.getValue());
    }

    public int size() {
        return inbound.size() + workflow.size();
    }

    /**
     * The read model these topics make, built in a fresh database by the real projector, reading
     * the whole workflow topic before the whole inbound topic: the opposite of how a live consumer
     * meets them, so an equal result also says the order between the topics does not matter.
     */
    public ReadModelSnapshot replay(TestDatabase db) {
        BatchDecoder decoder = new BatchDecoder(Clock.systemUTC());
        StemProjector projector = new StemProjector(db.jdbc(), db.transaction(), letters -> { }, BatchObserver.NONE);
        List<ConsumedRecord> records = new ArrayList<>(decoder.decode(workflow));
        records.addAll(decoder.decode(inbound));
        TopicRecords.batches(records, 500).forEach(batch -> projector.apply(1, batch));
        return db.snapshot();
    }
}
