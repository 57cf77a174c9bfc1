package io.waveflow.bridge;

import io.waveflow.contracts.topic.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** End offsets of the inbound topic, and every record written between two snapshots of them. */
final class InboundOffsets {

    private InboundOffsets() {
    }

    static Map<TopicPartition, Long> end(String bootstrapServers) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrapServers)) {
            return consumer.endOffsets(partitions(consumer));
        }
    }

    /** Reads from {@code from} to the current end offsets: what was written since. */
    static List<ConsumerRecord<byte[], byte[]>> writtenSince(String bootstrapServers, Map<TopicPartition, Long> from) {
        List<ConsumerRecord<byte[], byte[]>> written = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrapServers)) {
            List<TopicPartition> partitions = partitions(consumer);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            consumer.assign(partitions);
            partitions.forEach(partition -> consumer.seek(partition, from.getOrDefault(partition, 0L)));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(partition -> consumer.position(partition) < end.get(partition))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read the inbound topic to its end offsets " + end);
                }
                consumer.poll(Duration.ofMillis(200)).forEach(written::add);
            }
        }
        return written;
    }

    private static KafkaConsumer<byte[], byte[]> consumer(String bootstrapServers) {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private static List<TopicPartition> partitions(KafkaConsumer<?, ?> consumer) {
        return consumer.partitionsFor(Topics.INBOUND.name()).stream()
                .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
    }
}
