package io.waveflow.workflow.topology;

import io.waveflow.contracts.inbound.CompletionResult;
import io.waveflow.contracts.topic.Topic;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

import java.time.Instant;
import java.util.Properties;
import java.util.UUID;

/** The topology with default settings in a {@link TopologyTestDriver}, and its topics typed by the registry. */
final class TopologyDrivers {

    /** What a worker reports for a successful analysis. */
    static final CompletionResult ANALYSIS_RESULT =
            CompletionResult.success("aa11", "stems/s.wav.waveform.json", 1024L, 1.5, 44_100, 1024);

    private TopologyDrivers() {
    }

    /** A fresh application id (so no state is shared), under {@code guarantee}, wall clock at {@code start}. */
    static TopologyTestDriver start(String applicationIdPrefix, String guarantee, Instant start) {
        String applicationId = applicationIdPrefix + UUID.randomUUID();
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, guarantee);
        return new TopologyTestDriver(WorkflowTopology.build(applicationId, WorkflowSettings.defaults()), props, start);
    }

    static <V> TestInputTopic<String, V> input(TopologyTestDriver driver, Topic<String, V> topic) {
        return driver.createInputTopic(topic.name(), topic.keySerde().serializer(), topic.valueSerde().serializer());
    }

    static <V> TestOutputTopic<String, V> output(TopologyTestDriver driver, Topic<String, V> topic) {
        return driver.createOutputTopic(topic.name(), topic.keySerde().deserializer(),
                topic.valueSerde().deserializer());
    }
}
