package io.waveflow.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Watches a topic live with {@code read_committed} and notes when each record of a run became
 * visible (committed) there, per key in arrival order: splits "webhook accepted → message on SQS"
 * into the topology's part (up to the committed command) and the forwarder's part (command to SQS).
 */
final class CommandWatcher implements AutoCloseable {

    private final Map<String, List<Long>> arrivals = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean running = true;

    CommandWatcher(String bootstrap, String topic, String keyPrefix) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "20");
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        consumer.partitionsFor(topic, Duration.ofSeconds(10))
                .forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        // Resolve the positions now, so nothing sent after this constructor is missed.
        partitions.forEach(consumer::position);
        thread = new Thread(() -> {
            try (consumer) {
                while (running) {
                    for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                        if (r.key() != null && r.key().startsWith(keyPrefix)) {
                            long now = System.nanoTime();
                            arrivals.computeIfAbsent(r.key(), k -> new CopyOnWriteArrayList<>()).add(now);
                        }
                    }
                }
            }
        }, "command-watcher");
        thread.setDaemon(true);
        thread.start();
    }

    /** When the {@code index}-th record (0-based) for {@code key} became visible; null if it did not. */
    Long arrival(String key, int index) {
        List<Long> times = arrivals.get(key);
        return times == null || times.size() <= index ? null : times.get(index);
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
