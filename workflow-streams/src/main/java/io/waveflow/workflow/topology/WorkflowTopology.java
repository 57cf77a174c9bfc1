package io.waveflow.workflow.topology;

import io.waveflow.contracts.topic.Topic;
import io.waveflow.contracts.topic.Topics;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyConfig;
import org.apache.kafka.streams.state.StoreBuilder;

import java.util.Set;

/**
 * The workflow topology as a pure function of its settings.
 *
 * <pre>
 * inbound ──decode──▶ stem (stem-state, stem-deadlines) ──▶ workflow events, stage commands
 *                          │  ▲
 *             claims topic ▼  │ claim-decisions topic
 *                    hash-claims (hash-claims store, key scope|hash) ──▶ analysis / clean-up commands
 * </pre>
 *
 * A hash report is decided in two exactly-once hops: the stem task checks it and asks for the
 * claim, the claims task decides and sends the command the request carries for its answer; the
 * stem task then records the decision (its events, its deadline) without sending again.
 *
 * Every node name is a constant here; the processors declare their own stores.
 */
public final class WorkflowTopology {

    /** Stem processor for inbound events; also sweeps the deadline index. */
    static final String STEM_INBOUND = "stem-inbound";
    /** Stem processor for claim decisions. */
    static final String STEM_DECISIONS = "stem-decisions";
    /** Claim processor, keyed by claim key. */
    static final String HASH_CLAIMS = "hash-claims";

    static final String WORKFLOW_SINK = "workflow-sink";
    static final String COMMANDS_SINK = "commands-sink";
    static final String CLAIMS_SINK = "claims-sink";
    static final String CLAIM_DECISIONS_SINK = "claim-decisions-sink";
    static final String DEAD_LETTER_STEM_SINK = "dead-letter-stem";
    static final String DEAD_LETTER_CLAIMS_SINK = "dead-letter-claims";

    private WorkflowTopology() {
    }

    public static Topology build(String applicationId, WorkflowSettings settings) {
        return build(applicationId, settings, WorkflowObserver.NONE);
    }

    /** The same topology, reporting what it does to {@code observer} (the service's metrics). */
    public static Topology build(String applicationId, WorkflowSettings settings, WorkflowObserver observer) {
        return build(applicationId, settings, observer, new Topology());
    }

    /**
     * The same topology, built with the Streams configuration: settings that apply while the
     * topology is built, such as a {@code processor.wrapper.class} (KIP-1112) that wraps every
     * processor (the service's tracing), take effect only this way.
     */
    public static Topology build(String applicationId, WorkflowSettings settings, WorkflowObserver observer,
                                 TopologyConfig config) {
        return build(applicationId, settings, observer, new Topology(config));
    }

    private static Topology build(String applicationId, WorkflowSettings settings, WorkflowObserver observer,
                                  Topology topology) {
        InternalTopics internal = InternalTopics.of(applicationId);
        StemWorkflow workflow = new StemWorkflow(settings);

        // Stem side: inbound events and claim decisions, both keyed by stemId. Both processors
        // return the same store builders, so Kafka Streams connects one store to both.
        Set<StoreBuilder<?>> stemStores = StemProcessor.stores();
        addDecodedSource(topology, Topics.INBOUND, STEM_INBOUND, DEAD_LETTER_STEM_SINK, observer);
        addDecodedSource(topology, internal.claimDecisions(), STEM_DECISIONS, DEAD_LETTER_STEM_SINK, observer);
        topology.addProcessor(STEM_INBOUND,
                StemProcessor.supplier(workflow, StemWorkflow::onInbound, settings.punctuationInterval(), stemStores,
                        observer),
                decoderName(Topics.INBOUND));
        topology.addProcessor(STEM_DECISIONS,
                StemProcessor.supplier(workflow, StemWorkflow::onClaimDecision, null, stemStores, observer),
                decoderName(internal.claimDecisions()));
        addSink(topology, WORKFLOW_SINK, Topics.WORKFLOW, STEM_INBOUND, STEM_DECISIONS);
        addSink(topology, CLAIMS_SINK, internal.claims(), STEM_INBOUND, STEM_DECISIONS);
        addSink(topology, DEAD_LETTER_STEM_SINK, Topics.DEAD_LETTER,
                decoderName(Topics.INBOUND), decoderName(internal.claimDecisions()));

        // Claims side: keyed by claim key, so one task decides every request for one hash.
        addDecodedSource(topology, internal.claims(), HASH_CLAIMS, DEAD_LETTER_CLAIMS_SINK, observer);
        topology.addProcessor(HASH_CLAIMS, ClaimProcessor.supplier(observer), decoderName(internal.claims()));
        addSink(topology, CLAIM_DECISIONS_SINK, internal.claimDecisions(), HASH_CLAIMS);

        // Stage commands: hashing and retries from the stem side, analysis and clean-up from the claims side.
        addSink(topology, COMMANDS_SINK, Topics.COMMANDS, STEM_INBOUND, STEM_DECISIONS, HASH_CLAIMS);
        addSink(topology, DEAD_LETTER_CLAIMS_SINK, Topics.DEAD_LETTER, decoderName(internal.claims()));
        return topology;
    }

    static String sourceName(Topic<?, ?> topic) {
        return "source-" + topic.name();
    }

    static String decoderName(Topic<?, ?> topic) {
        return "decode-" + topic.name();
    }

    private static void addDecodedSource(Topology topology, Topic<String, ?> topic, String decodedChild,
                                         String deadLetterChild, WorkflowObserver observer) {
        topology.addSource(sourceName(topic), Serdes.String().deserializer(), Serdes.ByteArray().deserializer(),
                topic.name());
        topology.addProcessor(decoderName(topic),
                () -> new DecodingProcessor<>(topic, decodedChild, deadLetterChild, observer), sourceName(topic));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void addSink(Topology topology, String name, Topic<String, ?> topic, String... parents) {
        // Children forward Object values; the sink's serde knows the one type it receives.
        topology.addSink(name, topic.name(), Serdes.String().serializer(),
                (Serializer) topic.valueSerde().serializer(), parents);
    }
}
