package io.waveflow.workflow.config;

import io.waveflow.contracts.topic.Topics;
import io.waveflow.infra.SharedInfra;
import io.waveflow.workflow.topology.InternalTopics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The topology's own topics get the inbound topic's partition count, and an existing one with another count stops the start. */
class TopicBootstrapIT {

    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final Map<String, Object> ADMIN = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
            SharedInfra.get().kafka().bootstrapServers());

    @Test
    void shouldCreateTheInternalTopicsWithTheInboundPartitionCount() throws Exception {
        String applicationId = "bootstrap-ok-" + RUN;

        TopicBootstrap.ensureTopics(ADMIN, applicationId, 4, (short) 1);

        int inbound = partitions(Topics.INBOUND.name());
        for (var topic : InternalTopics.of(applicationId).all()) {
            assertThat(partitions(topic.name())).as(topic.name()).isEqualTo(inbound);
        }
        // A second start finds everything in place and passes.
        TopicBootstrap.ensureTopics(ADMIN, applicationId, 4, (short) 1);
    }

    @Test
    void shouldRefuseToStartWhenAnInternalTopicHasAnotherPartitionCount() throws Exception {
        String applicationId = "bootstrap-mismatch-" + RUN;
        TopicBootstrap.ensureTopics(ADMIN, "bootstrap-probe-" + RUN, 4, (short) 1);
        int inbound = partitions(Topics.INBOUND.name());
        String decisions = InternalTopics.of(applicationId).claimDecisions().name();
        try (Admin admin = Admin.create(ADMIN)) {
            admin.createTopics(List.of(new NewTopic(decisions, inbound + 1, (short) 1))).all().get();
        }

        assertThatThrownBy(() -> TopicBootstrap.ensureTopics(ADMIN, applicationId, 4, (short) 1))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(Topics.INBOUND.name() + " (" + inbound + ")")
                .hasMessageContaining(decisions + " has " + (inbound + 1))
                .hasMessageNotContaining(InternalTopics.of(applicationId).claims().name());
    }

    private static int partitions(String topic) throws Exception {
        try (Admin admin = Admin.create(ADMIN)) {
            return admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
        }
    }
}
