package io.waveflow.bridge;

import io.waveflow.contracts.topic.Topic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static org.awaitility.Awaitility.await;

/**
 * Reads a whole topic from the beginning as a downstream service would (read_committed, the
 * topic's own serdes) and collects what it saw, so a test can wait for the records of its stem.
 */
public final class TopicReader<V> implements AutoCloseable {

    private final KafkaConsumer<String, V> consumer;
    private final List<ConsumerRecord<String, V>> seen = new ArrayList<>();

    public TopicReader(String bootstrapServers, Topic<String, V> topic) {
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                topic.keySerde().deserializer(), topic.valueSerde().deserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(topic.name()).stream()
                .map(info -> new TopicPartition(topic.name(), info.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** Waits until {@code count} records with this key were read, and returns all of them read so far. */
    List<ConsumerRecord<String, V>> awaitRecords(String key, int count) {
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
            return recordsWithKey(key).size() >= count;
        });
        return recordsWithKey(key);
    }

    /** Waits until the values read so far satisfy {@code done}, then returns those that match {@code filter}. */
    public List<V> awaitValues(Predicate<V> filter, Predicate<List<V>> done) {
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
            return done.test(values(filter));
        });
        return values(filter);
    }

    /** Reads for a while longer, for asserting that nothing more arrives. */
    public List<V> drain(Predicate<V> filter, Duration duration) {
        long until = System.nanoTime() + duration.toNanos();
        while (System.nanoTime() < until) {
            consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
        }
        return values(filter);
    }

    private List<V> values(Predicate<V> filter) {
        return seen.stream().map(ConsumerRecord::value).filter(filter).toList();
    }

    private List<ConsumerRecord<String, V>> recordsWithKey(String key) {
        return seen.stream().filter(record -> key.equals(record.key())).toList();
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
