package io.waveflow.workflow.config;

import io.waveflow.contracts.topic.TopicSpecs;
import io.waveflow.contracts.topic.Topics;
import io.waveflow.workflow.topology.InternalTopics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

/**
 * Creates the shared topics when missing, then the topology's own topics with exactly as many
 * partitions as the inbound topic has: claim decisions are co-partitioned with it.
 */
final class TopicBootstrap {

    private static final Logger log = LoggerFactory.getLogger(TopicBootstrap.class);

    private TopicBootstrap() {
    }

    static void ensureTopics(Map<String, Object> adminConfig, String applicationId, int partitions,
                             short replication)
            throws InterruptedException {
        try (Admin admin = Admin.create(adminConfig)) {
            create(admin, TopicSpecs.newTopics(partitions, replication));
            int inboundPartitions = admin.describeTopics(List.of(Topics.INBOUND.name())).allTopicNames().get()
                    .get(Topics.INBOUND.name()).partitions().size();
            create(admin, InternalTopics.of(applicationId).all().stream()
                    .map(topic -> new NewTopic(topic.name(), inboundPartitions, replication))
                    .toList());
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot create Waveflow topics", e.getCause());
        }
    }

    private static void create(Admin admin, List<NewTopic> topics) throws InterruptedException, ExecutionException {
        for (var entry : admin.createTopics(topics).values().entrySet()) {
            try {
                entry.getValue().get();
                log.info("created topic {}", entry.getKey());
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
        }
    }
}
