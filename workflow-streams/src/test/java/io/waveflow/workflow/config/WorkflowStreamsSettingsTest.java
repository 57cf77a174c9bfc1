package io.waveflow.workflow.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.waveflow.workflow.topology.ClaimScope;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Set;

class WorkflowStreamsSettingsTest {

    @Test
    void shouldPollNoLongerThanTheCommitIntervalSoAQuietHopStillCommitsOnTime() {
        assertThat(WorkflowStreamsRunner.commitSettings(Duration.ofMillis(20)))
                .containsEntry(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 20L)
                .containsEntry(StreamsConfig.POLL_MS_CONFIG, 20L);
        // Kafka's own poll time stays the bound for long intervals.
        assertThat(WorkflowStreamsRunner.commitSettings(Duration.ofSeconds(1)))
                .containsEntry(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 1000L)
                .containsEntry(StreamsConfig.POLL_MS_CONFIG, 100L);
    }

    @Test
    void shouldRefuseACommitIntervalBelowOneMillisecond() {
        assertThatThrownBy(() -> settings(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("waveflow.workflow.commit-interval");
        assertThat(settings(Duration.ofMillis(100)).commitInterval()).isEqualTo(Duration.ofMillis(100));
    }

    private static WorkflowStreamsSettings settings(Duration commitInterval) {
        return new WorkflowStreamsSettings("app", "/tmp/state", 1, commitInterval, ClaimScope.USER_TRACK, 1024,
                Duration.ofMinutes(10), Duration.ofMinutes(30), Duration.ofMinutes(10), 3, Set.of("RETRYABLE"),
                Duration.ofSeconds(1), 4, (short) 1, "127.0.0.1:8081", null);
    }
}
