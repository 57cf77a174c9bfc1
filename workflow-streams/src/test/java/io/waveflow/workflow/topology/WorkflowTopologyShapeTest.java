package io.waveflow.workflow.topology;

import io.waveflow.contracts.inbound.HashReported;
import io.waveflow.contracts.inbound.InboundEvent;
import io.waveflow.contracts.inbound.UploadCompleted;
import io.waveflow.contracts.topic.Topics;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The parts of the topology a running deployment depends on: store names (and so changelog
 * topics) and which processors share which store. Renaming one would lose the state.
 */
class WorkflowTopologyShapeTest {

    @Test
    void shouldConnectEachStoreToTheProcessorsThatDeclareIt() {
        Map<String, Set<String>> storesByProcessor = new TreeMap<>();
        for (TopologyDescription.Subtopology subtopology : WorkflowTopology.build("shape", WorkflowSettings.defaults())
                .describe().subtopologies()) {
            for (TopologyDescription.Node node : subtopology.nodes()) {
                if (node instanceof TopologyDescription.Processor processor && !processor.stores().isEmpty()) {
                    storesByProcessor.put(processor.name(), processor.stores());
                }
            }
        }

        assertThat(storesByProcessor).isEqualTo(Map.of(
                WorkflowTopology.STEM_INBOUND, Set.of(InternalTopics.STEM_STATE_STORE, InternalTopics.DEADLINES_STORE),
                WorkflowTopology.STEM_DECISIONS, Set.of(InternalTopics.STEM_STATE_STORE, InternalTopics.DEADLINES_STORE),
                WorkflowTopology.HASH_CLAIMS, Set.of(InternalTopics.HASH_CLAIMS_STORE)));
    }

    @Test
    void shouldKeepTheChangelogTopicNames() {
        Instant start = Instant.parse("2026-11-26T00:00:00Z");
        try (TopologyTestDriver driver = TopologyDrivers.start("shape-", StreamsConfig.EXACTLY_ONCE_V2, start)) {
            TestInputTopic<String, InboundEvent> inbound = TopologyDrivers.input(driver, Topics.INBOUND);
            inbound.pipeInput("s1", new UploadCompleted("up-s1", start, "s1", "u1", "t1", "f", "f", "ts"), start);
            inbound.pipeInput("s1", new HashReported("hash-s1", start, "s1", "u1", "t1", "f", "aa11", "ts", "f",
                    "SUCCESS"), start);

            // <application id>-<store>-changelog, the application id being "shape-<uuid>"
            assertThat(driver.producedTopicNames().stream().filter(name -> name.endsWith("-changelog"))
                    .map(name -> name.replaceFirst("^shape-[0-9a-f-]{36}-", "")))
                    .containsExactlyInAnyOrder("stem-state-changelog", "stem-deadlines-changelog",
                            "hash-claims-changelog");
        }
    }

    @Test
    void shouldKeyTheDeadlineIndexWithAsciiDigitsInAnyLocale() {
        Locale original = Locale.getDefault();
        try {
            Locale.setDefault(Locale.forLanguageTag("th-TH-u-nu-thai"));
            assertThat(StemProcessor.deadlineKey(42, "s1")).isEqualTo("0000000000000000042|s1");
        } finally {
            Locale.setDefault(original);
        }
    }
}
