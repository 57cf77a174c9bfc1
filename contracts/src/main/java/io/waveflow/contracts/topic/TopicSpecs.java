package io.waveflow.contracts.topic;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;

import java.util.List;
import java.util.Map;

/**
 * How Waveflow's shared topics are created. Every service asks for all of them at start
 * (creation is idempotent), so no start order between services matters. Event topics keep
 * everything: they are the system of record that replays and rebuilds read.
 */
public final class TopicSpecs {

    public static final Map<String, String> KEEP_FOREVER = Map.of(
            TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
            TopicConfig.RETENTION_MS_CONFIG, "-1",
            TopicConfig.RETENTION_BYTES_CONFIG, "-1");

    private TopicSpecs() {
    }

    public static List<NewTopic> newTopics(int partitions, short replicationFactor) {
        return Topics.ALL.stream()
                .map(topic -> new NewTopic(topic.name(), partitions, replicationFactor).configs(KEEP_FOREVER))
                .toList();
    }
}
