package io.waveflow.workflow.topology;

import io.waveflow.contracts.command.StageCommand;
import io.waveflow.contracts.workflow.WorkflowEvent;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.time.Instant;

/**
 * Runs one kind of stem input (inbound events or claim decisions) through {@link StemWorkflow}:
 * loads the stem's state, stores the new state and forwards events, commands and claim
 * messages to their sinks. Both kinds share the stem-state store, one task per partition.
 */
final class StemProcessor<V> implements Processor<String, V, String, Object> {

    interface Step<V> {
        Transition apply(StemWorkflow workflow, StemState current, V input, Instant time);
    }

    private static final Logger log = LoggerFactory.getLogger(StemProcessor.class);

    private final StemWorkflow workflow;
    private final Step<V> step;
    private ProcessorContext<String, Object> context;
    private KeyValueStore<String, StemState> states;

    StemProcessor(StemWorkflow workflow, Step<V> step) {
        this.workflow = workflow;
        this.step = step;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.states = context.getStateStore(InternalTopics.STEM_STATE_STORE);
    }

    @Override
    public void process(Record<String, V> record) {
        String stemId = record.key();
        MDC.put("stemId", stemId);
        try {
            Transition transition = step.apply(workflow, states.get(stemId), record.value(),
                    Instant.ofEpochMilli(record.timestamp()));
            if (transition.state() != null) {
                states.put(stemId, transition.state());
            }
            for (WorkflowEvent event : transition.events()) {
                log.debug("workflow event {}", event);
                context.forward(record.withValue((Object) event), WorkflowTopology.WORKFLOW_SINK);
            }
            for (StageCommand command : transition.commands()) {
                log.info("command {} attempt {}", command.id(), command.attempt());
                context.forward(record.withValue((Object) command), WorkflowTopology.COMMANDS_SINK);
            }
            for (ClaimMessage claim : transition.claims()) {
                context.forward(record.withKey(claim.claimKey()).withValue((Object) claim),
                        WorkflowTopology.CLAIMS_SINK);
            }
        } finally {
            MDC.remove("stemId");
        }
    }
}
