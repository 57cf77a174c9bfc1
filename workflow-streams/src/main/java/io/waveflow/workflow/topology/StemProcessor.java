package io.waveflow.workflow.topology;

import io.waveflow.contracts.LogKeys;
import io.waveflow.contracts.command.StageCommand;
import io.waveflow.contracts.workflow.WorkflowEvent;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Set;

/**
 * Runs one kind of stem input (inbound events or claim decisions) through {@link StemWorkflow}:
 * loads the stem's state, stores the new state, keeps the deadline index in step and forwards
 * events, commands and claim messages to their sinks. Given a punctuation interval, it also
 * sweeps the deadline index on the wall clock; a sweep reads only the entries that are due.
 */
final class StemProcessor<V> implements Processor<String, V, String, Object> {

    interface Step<V> {
        Transition apply(StemWorkflow workflow, StemState current, V input, Instant now);
    }

    /** Bounds one sweep so one transaction stays small; the rest waits for the next sweep. */
    static final int MAX_DEADLINES_PER_SWEEP = 10_000;

    private static final Logger log = LoggerFactory.getLogger(StemProcessor.class);

    private final StemWorkflow workflow;
    private final Step<V> step;
    private final Duration sweepInterval;
    private final WorkflowObserver observer;
    private ProcessorContext<String, Object> context;
    private KeyValueStore<String, StemState> states;
    private KeyValueStore<String, String> deadlines;

    /**
     * The stem-state store and the deadline index. Pass the same set to every stem processor of
     * one topology: Kafka Streams then connects one store instance to all of them.
     */
    static Set<StoreBuilder<?>> stores() {
        return Set.of(
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(InternalTopics.STEM_STATE_STORE),
                        Serdes.String(), InternalTopics.json(StemState.class)),
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(InternalTopics.DEADLINES_STORE),
                        Serdes.String(), Serdes.String()));
    }

    /** A supplier of processors for one kind of input, declaring {@code stores} (from {@link #stores()}). */
    static <V> ProcessorSupplier<String, V, String, Object> supplier(StemWorkflow workflow, Step<V> step,
                                                                   Duration sweepInterval,
                                                                   Set<StoreBuilder<?>> stores,
                                                                   WorkflowObserver observer) {
        return new ProcessorSupplier<>() {
            @Override
            public Processor<String, V, String, Object> get() {
                return new StemProcessor<>(workflow, step, sweepInterval, observer);
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                return stores;
            }
        };
    }

    StemProcessor(StemWorkflow workflow, Step<V> step, Duration sweepInterval, WorkflowObserver observer) {
        this.workflow = workflow;
        this.step = step;
        this.sweepInterval = sweepInterval;
        this.observer = observer;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.states = context.getStateStore(InternalTopics.STEM_STATE_STORE);
        this.deadlines = context.getStateStore(InternalTopics.DEADLINES_STORE);
        if (sweepInterval != null) {
            context.schedule(sweepInterval, PunctuationType.WALL_CLOCK_TIME, this::sweepDeadlines);
            // The sweeping processor (one per task) reports the task's stems per phase: one scan
            // when the task starts here and one when it leaves, never one per scrape.
            countHeld(1);
        }
    }

    @Override
    public void close() {
        if (sweepInterval != null) {
            try {
                countHeld(-1);
            } catch (RuntimeException e) {
                // Only a gauge is off until this task starts again; closing must go on.
                log.warn("Could not count the stems of a closing task for the phase gauge: {}", e.toString());
            }
        }
    }

    private void countHeld(int sign) {
        Map<Phase, Long> counts = new EnumMap<>(Phase.class);
        try (KeyValueIterator<String, StemState> all = states.all()) {
            while (all.hasNext()) {
                counts.merge(all.next().value.phase(), 1L, Long::sum);
            }
        }
        counts.forEach((phase, count) -> observer.held(phase, sign * count));
    }

    @Override
    public void process(Record<String, V> record) {
        String stemId = record.key();
        Instant now = Instant.ofEpochMilli(context.currentSystemTimeMs());
        StemState current = states.get(stemId);
        apply(stemId, current, step.apply(workflow, current, record.value(), now), record, false);
    }

    private void sweepDeadlines(long wallClockMs) {
        List<KeyValue<String, String>> due = new ArrayList<>();
        try (KeyValueIterator<String, String> entries = deadlines.range(deadlineKey(0, ""),
                deadlineKey(wallClockMs, "\uffff"))) {
            while (entries.hasNext() && due.size() < MAX_DEADLINES_PER_SWEEP) {
                due.add(entries.next());
            }
        }
        Instant now = Instant.ofEpochMilli(wallClockMs);
        for (KeyValue<String, String> entry : due) {
            // Deleted first: a stem whose deadline throws is dead-lettered once, not every sweep.
            deadlines.delete(entry.key);
            String stemId = entry.value;
            StemState current = states.get(stemId);
            apply(stemId, current, workflow.onDeadline(current, now), new Record<>(stemId, null, wallClockMs), true);
        }
    }

    private void apply(String stemId, StemState current, Transition transition, Record<String, ?> cause,
                       boolean byDeadline) {
        MDC.put(LogKeys.STEM_ID, stemId);
        try {
            // Before any write: whatever throws here leaves no half-applied transition behind
            // when the processing exception handler dead-letters the input and goes on.
            observer.transitioned(current, transition, byDeadline);
            if (transition.state() != null) {
                moveDeadline(stemId, current, transition.state());
                states.put(stemId, transition.state());
                if (current == null || current.phase() != transition.state().phase()) {
                    if (current != null) {
                        observer.held(current.phase(), -1);
                    }
                    observer.held(transition.state().phase(), 1);
                }
            }
            for (WorkflowEvent event : transition.events()) {
                log.debug("workflow event {}", event);
                context.forward(cause.withKey(stemId).withValue((Object) event), WorkflowTopology.WORKFLOW_SINK);
            }
            for (StageCommand command : transition.commands()) {
                log.debug("command {} attempt {}", command.id(), command.attempt());
                observer.commanded(command);
                context.forward(cause.withKey(stemId).withValue((Object) command), WorkflowTopology.COMMANDS_SINK);
            }
            for (ClaimMessage claim : transition.claims()) {
                context.forward(cause.withKey(claim.claimKey()).withValue((Object) claim),
                        WorkflowTopology.CLAIMS_SINK);
            }
        } finally {
            MDC.remove(LogKeys.STEM_ID);
        }
    }

    private void moveDeadline(String stemId, StemState before, StemState after) {
        long old = before == null ? 0 : before.deadlineMs();
        if (old == after.deadlineMs()) {
            return;
        }
        if (old != 0) {
            deadlines.delete(deadlineKey(old, stemId));
        }
        if (after.deadlineMs() != 0) {
            deadlines.put(deadlineKey(after.deadlineMs(), stemId), stemId);
        }
    }

    /** ASCII digits whatever the machine's locale: the keys are stored and range-scanned. */
    static String deadlineKey(long epochMs, String stemId) {
        return String.format(Locale.ROOT, "%019d|%s", epochMs, stemId);
    }
}
