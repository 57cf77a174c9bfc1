package io.waveflow.workflow.topology;

import io.waveflow.contracts.topic.Topic;
import io.waveflow.contracts.topic.Topics;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * The workflow topology as a pure function of its settings.
 *
 * <pre>
 * inbound ──decode──▶ stem (stem-state, stem-deadlines) ──▶ workflow events, stage commands
 *                          │  ▲
 *             claims topic ▼  │ claim-decisions topic
 *                    hash-claims (hash-claims store, key scope|hash)
 * </pre>
 */
public final class WorkflowTopology {

    static final String WORKFLOW_SINK = "workflow-sink";
    static final String COMMANDS_SINK = "commands-sink";
    static final String CLAIMS_SINK = "claims-sink";

    private WorkflowTopology() {
    }

    public static Topology build(String applicationId, WorkflowSettings settings) {
        InternalTopics internal = InternalTopics.of(applicationId);
        StemWorkflow workflow = new StemWorkflow(settings);
        Topology topology = new Topology();

        // Stem side: inbound events and claim decisions, both keyed by stemId.
        addDecodedSource(topology, Topics.INBOUND, "stem-inbound", "dead-letter-stem");
        addDecodedSource(topology, internal.claimDecisions(), "stem-decisions", "dead-letter-stem");
        topology.addProcessor("stem-inbound",
                () -> new StemProcessor<>(workflow, StemWorkflow::onInbound, settings.punctuationInterval()),
                "decode-" + Topics.INBOUND.name());
        topology.addProcessor("stem-decisions",
                () -> new StemProcessor<>(workflow, StemWorkflow::onClaimDecision, null),
                "decode-" + internal.claimDecisions().name());
        topology.addStateStore(Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(InternalTopics.STEM_STATE_STORE),
                        Serdes.String(), InternalTopics.json(StemState.class)),
                "stem-inbound", "stem-decisions");
        topology.addStateStore(Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(InternalTopics.DEADLINES_STORE),
                        Serdes.String(), Serdes.String()),
                "stem-inbound", "stem-decisions");
        addSink(topology, WORKFLOW_SINK, Topics.WORKFLOW, "stem-inbound", "stem-decisions");
        addSink(topology, COMMANDS_SINK, Topics.COMMANDS, "stem-inbound", "stem-decisions");
        addSink(topology, CLAIMS_SINK, internal.claims(), "stem-inbound", "stem-decisions");
        addSink(topology, "dead-letter-stem", Topics.DEAD_LETTER,
                "decode-" + Topics.INBOUND.name(), "decode-" + internal.claimDecisions().name());

        // Claims side: keyed by claim key, so one task decides every request for one hash.
        addDecodedSource(topology, internal.claims(), "hash-claims", "dead-letter-claims");
        topology.addProcessor("hash-claims", ClaimProcessor::new, "decode-" + internal.claims().name());
        topology.addStateStore(Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(InternalTopics.HASH_CLAIMS_STORE),
                        Serdes.String(), InternalTopics.json(HashClaim.class)),
                "hash-claims");
        addSink(topology, "claim-decisions-sink", internal.claimDecisions(), "hash-claims");
        addSink(topology, "dead-letter-claims", Topics.DEAD_LETTER, "decode-" + internal.claims().name());
        return topology;
    }

    private static void addDecodedSource(Topology topology, Topic<String, ?> topic, String decodedChild,
                                         String deadLetterChild) {
        String source = "source-" + topic.name();
        topology.addSource(source, Serdes.String().deserializer(), Serdes.ByteArray().deserializer(), topic.name());
        topology.addProcessor("decode-" + topic.name(),
                () -> new DecodingProcessor<>(topic, decodedChild, deadLetterChild), source);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void addSink(Topology topology, String name, Topic<String, ?> topic, String... parents) {
        // Children forward Object values; the sink's serde knows the one type it receives.
        topology.addSink(name, topic.name(), Serdes.String().serializer(),
                (org.apache.kafka.common.serialization.Serializer) topic.valueSerde().serializer(), parents);
    }
}
