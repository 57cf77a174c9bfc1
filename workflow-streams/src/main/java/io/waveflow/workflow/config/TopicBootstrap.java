package io.waveflow.workflow.config;

import io.waveflow.contracts.topic.Topic;
import io.waveflow.contracts.topic.TopicSpecs;
import io.waveflow.contracts.topic.Topics;
import io.waveflow.workflow.topology.InternalTopics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;

/**
 * Creates the shared topics when missing, then the topology's own topics with exactly as many
 * partitions as the inbound topic has: claim decisions are co-partitioned with it. Refuses to
 * start when an existing one has another count.
 */
final class TopicBootstrap {

    private static final Logger log = LoggerFactory.getLogger(TopicBootstrap.class);
    private static final Duration METADATA_WAIT = Duration.ofSeconds(30);

    private TopicBootstrap() {
    }

    static void ensureTopics(Map<String, Object> adminConfig, String applicationId, int partitions,
                             short replication)
            throws InterruptedException {
        try (Admin admin = Admin.create(adminConfig)) {
            create(admin, TopicSpecs.newTopics(partitions, replication));
            int inboundPartitions = describe(admin, List.of(Topics.INBOUND.name()))
                    .get(Topics.INBOUND.name()).partitions().size();
            List<String> internal = InternalTopics.of(applicationId).all().stream().map(Topic::name).toList();
            create(admin, internal.stream()
                    .map(name -> new NewTopic(name, inboundPartitions, replication))
                    .toList());
            requirePartitions(admin, internal, inboundPartitions);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot create Waveflow topics", e.getCause());
        }
    }

    /**
     * Topics that existed before (an earlier deployment, an operator) keep their partition count;
     * one that differs from the inbound topic's would send claim decisions to the wrong stem task.
     */
    private static void requirePartitions(Admin admin, List<String> topics, int inboundPartitions)
            throws InterruptedException, ExecutionException {
        Map<String, Integer> mismatched = new TreeMap<>();
        describe(admin, topics).forEach((name, description) -> {
            if (description.partitions().size() != inboundPartitions) {
                mismatched.put(name, description.partitions().size());
            }
        });
        if (!mismatched.isEmpty()) {
            throw new IllegalStateException("internal topics must have as many partitions as "
                    + Topics.INBOUND.name() + " (" + inboundPartitions + "), but " + mismatched.entrySet().stream()
                    .map(entry -> entry.getKey() + " has " + entry.getValue())
                    .collect(Collectors.joining(", "))
                    + "; recreate them with " + inboundPartitions + " partitions (application reset tool)");
        }
    }

    /** A topic created a moment ago may not be in the broker's metadata yet: ask again for a while. */
    private static Map<String, TopicDescription> describe(Admin admin, List<String> topics)
            throws InterruptedException, ExecutionException {
        long deadline = System.nanoTime() + METADATA_WAIT.toNanos();
        while (true) {
            try {
                return admin.describeTopics(topics).allTopicNames().get();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(100);
            }
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
