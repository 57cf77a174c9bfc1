package io.waveflow.projections.consumer;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.RangeAssignor;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.util.HashMap;
import java.util.Map;

/**
 * The consumer settings the projection relies on, fixed here rather than left to properties:
 * read_committed (only what the exactly-once topology committed), no auto commit and no reliance
 * on auto.offset.reset (every partition is positioned from PostgreSQL), and the range assignor,
 * which gives partition n of both topics (one stem's inbound and workflow events) to one thread.
 */
public final class ConsumerConfigs {

    private ConsumerConfigs() {
    }

    /** {@code base} (connection settings, max.poll.records, ...) with the fixed settings on top. */
    public static Map<String, Object> of(Map<String, Object> base, String groupId, String clientId) {
        Map<String, Object> config = new HashMap<>(base);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, RangeAssignor.class.getName());
        return config;
    }

    /** Raw bytes, so a malformed value reaches the decoder and can be dead-lettered. */
    public static KafkaConsumer<String, byte[]> newConsumer(Map<String, Object> config) {
        return new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
    }
}
