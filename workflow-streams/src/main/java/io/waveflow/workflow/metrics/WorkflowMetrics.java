package io.waveflow.workflow.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.waveflow.contracts.Stage;
import io.waveflow.contracts.command.StageCommand;
import io.waveflow.contracts.topic.Topics;
import io.waveflow.contracts.workflow.DuplicateDetected;
import io.waveflow.contracts.workflow.EventRejected;
import io.waveflow.contracts.workflow.StageRequested;
import io.waveflow.contracts.workflow.StemFailed;
import io.waveflow.contracts.workflow.WorkflowEvent;
import io.waveflow.workflow.topology.Phase;
import io.waveflow.workflow.topology.StemState;
import io.waveflow.workflow.topology.Transition;
import io.waveflow.workflow.topology.WorkflowObserver;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The workflow's domain metrics (workflow-streams/CONFIGURATION.md lists them), read off the
 * transitions the topology applies. Tags are bounded: phases, stages, task names, failure reasons
 * and event types, never ids or free text. A replay after a crash (exactly-once aborts and
 * re-runs a batch) can count a transition twice; the counters are for rates and alerts, the topics
 * are the record.
 */
public final class WorkflowMetrics implements WorkflowObserver {

    private static final String DEAD_LETTERED = "waveflow.workflow.deadlettered";

    private final MeterRegistry registry;
    private final Map<Phase, AtomicLong> held = new EnumMap<>(Phase.class);
    private final Map<Phase, Counter> entered = new EnumMap<>(Phase.class);
    private final Counter duplicates;
    /** Looked up once: commands are counted on the hot path of every decision. */
    private final Map<Stage, Counter> commands = new EnumMap<>(Stage.class);

    public WorkflowMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (Phase phase : Phase.values()) {
            AtomicLong count = new AtomicLong();
            held.put(phase, count);
            Gauge.builder("waveflow.workflow.stems", count, AtomicLong::get).tag("phase", phase.word())
                    .description("Stems this instance keeps in state, by phase (sum over instances for the whole)")
                    .register(registry);
            entered.put(phase, Counter.builder("waveflow.workflow.phase.entered").tag("phase", phase.word())
                    .description("Stems that entered the phase").register(registry));
        }
        this.duplicates = Counter.builder("waveflow.workflow.duplicates")
                .description("Stems found to be a duplicate of another stem's audio").register(registry);
        for (Stage stage : Stage.values()) {
            commands.put(stage, registry.counter("waveflow.workflow.commands", "task", stage.taskName()));
        }
        // Exported from the start (at 0), so the dead-letter alert's series exists before the first one.
        registry.counter(DEAD_LETTERED, "topic", Topics.INBOUND.name());
    }

    @Override
    public void transitioned(StemState before, Transition transition, boolean byDeadline) {
        StemState after = transition.state();
        if (after != null && (before == null || before.phase() != after.phase())) {
            entered.get(after.phase()).increment();
        }
        if (byDeadline && before != null && before.phase().awaitedStage() != null && !transition.events().isEmpty()) {
            registry.counter("waveflow.workflow.timeouts", "stage", before.phase().awaitedStage().word()).increment();
        }
        for (WorkflowEvent event : transition.events()) {
            if (event instanceof StageRequested requested && requested.attempt() > 1) {
                registry.counter("waveflow.workflow.retries", "stage", requested.stage().word(),
                        "by", byDeadline ? "deadline" : "event").increment();
            } else if (event instanceof StemFailed failed) {
                registry.counter("waveflow.workflow.failures", "reason", failed.reason()).increment();
            } else if (event instanceof EventRejected rejected) {
                registry.counter("waveflow.workflow.rejections", "event", rejected.rejectedEventType(),
                        "phase", before == null ? "unknown" : before.phase().word()).increment();
            } else if (event instanceof DuplicateDetected) {
                duplicates.increment();
            }
        }
    }

    @Override
    public void commanded(StageCommand command) {
        commands.get(command.stage()).increment();
    }

    @Override
    public void held(Phase phase, long delta) {
        held.get(phase).addAndGet(delta);
    }

    @Override
    public void deadLettered(String topic) {
        registry.counter(DEAD_LETTERED, "topic", topic).increment();
    }
}
