package io.waveflow.workflow.metrics;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.waveflow.contracts.Stage;
import io.waveflow.contracts.inbound.UploadCompleted;
import io.waveflow.contracts.topic.Topics;
import io.waveflow.workflow.topology.WorkflowSettings;
import io.waveflow.workflow.topology.WorkflowTopology;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/** The domain metrics as the real topology reports them, in a TopologyTestDriver. */
class WorkflowMetricsTest {

    private static final Instant START = Instant.parse("2026-12-04T10:00:00Z");

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void shouldCountPhasesCommandsRejectionsAndDeadLettersAndKeepTheHeldGaugeInStep() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "metrics-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        try (TopologyTestDriver driver = new TopologyTestDriver(WorkflowTopology.build("metrics-test",
                WorkflowSettings.defaults(), new WorkflowMetrics(registry)), props, START)) {
            var inbound = driver.createInputTopic(Topics.INBOUND.name(), Topics.INBOUND.keySerde().serializer(),
                    Topics.INBOUND.valueSerde().serializer());
            inbound.pipeInput("s1", upload("s1"));
            inbound.pipeInput("s2", upload("s2"));
            inbound.pipeInput("s1", upload("s1")); // the same upload again: an idempotent no-op
            inbound.pipeInput("s1", new UploadCompleted("up-s1-again", START, "s1", "u1", "t1", "stems/s1.wav",
                    "s1.wav", "ts")); // a second registration: rejected
            driver.createInputTopic(Topics.INBOUND.name(), Serdes.String().serializer(), Serdes.ByteArray().serializer())
                    .pipeInput("s3", "not an event".getBytes(StandardCharsets.UTF_8));

            assertThat(registry.get("waveflow.workflow.stems").tag("phase", "hashing").gauge().value()).isEqualTo(2);
            assertThat(registry.get("waveflow.workflow.phase.entered").tag("phase", "hashing").counter().count())
                    .isEqualTo(2);
            assertThat(registry.get("waveflow.workflow.commands").tag("task", Stage.HASH.taskName()).counter().count())
                    .isEqualTo(2);
            assertThat(registry.get("waveflow.workflow.rejections").tag("event", "io.waveflow.inbound.UploadCompleted.v1")
                    .tag("phase", "hashing").counter().count()).isEqualTo(1);
            assertThat(registry.get("waveflow.workflow.deadlettered").tag("topic", Topics.INBOUND.name())
                    .counter().count()).isEqualTo(1);
        }
        // The closing task leaves: what it held is no longer this instance's.
        assertThat(registry.get("waveflow.workflow.stems").tag("phase", "hashing").gauge().value()).isZero();
    }

    private static UploadCompleted upload(String stemId) {
        return new UploadCompleted("up-" + stemId, START, stemId, "u1", "t1", "stems/" + stemId + ".wav",
                stemId + ".wav", "ts");
    }
}
