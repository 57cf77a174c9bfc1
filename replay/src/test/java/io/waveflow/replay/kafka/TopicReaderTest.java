package io.waveflow.replay.kafka;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TopicReaderTest {

    @Test
    void shouldConfigureAConsumerThatCanNeitherJoinAGroupNorCommit() {
        Map<String, Object> config = TopicReader.consumerConfig("127.0.0.1:1", Duration.ofSeconds(10));

        assertThat(config).doesNotContainKey(ConsumerConfig.GROUP_ID_CONFIG)
                .doesNotContainKey(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG)
                .containsEntry(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false)
                .containsEntry(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed")
                .containsEntry(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none")
                .containsEntry(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
    }

    @Test
    void shouldNameEveryEventTopicByItsMiddleWord() {
        assertThat(EventTopics.all()).containsExactly("waveflow.inbound.v1", "waveflow.workflow.v1",
                "waveflow.commands.v1", "waveflow.deadletter.v1");
        assertThat(EventTopics.resolve("deadletter")).isEqualTo("waveflow.deadletter.v1");
        assertThat(EventTopics.resolve("waveflow.workflow.v1")).isEqualTo("waveflow.workflow.v1");
        assertThat(EventTopics.resolve("other")).isEqualTo("other");
    }

    @Test
    void shouldIncludeFromAndExcludeTo() {
        TimeRange range = new TimeRange(java.time.Instant.ofEpochMilli(1000), java.time.Instant.ofEpochMilli(2000));

        assertThat(range.contains(999)).isFalse();
        assertThat(range.contains(1000)).isTrue();
        assertThat(range.contains(1999)).isTrue();
        assertThat(range.contains(2000)).isFalse();
        assertThat(TimeRange.ALL.contains(Long.MIN_VALUE)).isTrue();
    }
}
