package io.waveflow.contracts.topic;

import io.waveflow.contracts.command.StageCommand;
import io.waveflow.contracts.deadletter.DeadLetter;
import io.waveflow.contracts.deadletter.DeadLetters;
import io.waveflow.contracts.inbound.InboundEvent;
import io.waveflow.contracts.json.Codecs;
import io.waveflow.contracts.workflow.WorkflowEvent;
import org.apache.kafka.common.serialization.Serdes;

import java.util.List;

/**
 * Every topic that crosses a service boundary. All are keyed by stemId, so one stem's records
 * stay in order on one partition. The event topics are the system of record: they are created
 * without time- or size-based deletion.
 */
public final class Topics {

    /** Facts from workers, uploaders and the outbox, written by the bridge. */
    public static final Topic<String, InboundEvent> INBOUND =
            new Topic<>("waveflow.inbound.v1", Serdes.String(), Codecs.INBOUND.serde());

    /** Decisions of the workflow topology; the read model is built from these. */
    public static final Topic<String, WorkflowEvent> WORKFLOW =
            new Topic<>("waveflow.workflow.v1", Serdes.String(), Codecs.WORKFLOW.serde());

    /** Orders for Celery workers; the bridge forwards them to SQS. */
    public static final Topic<String, StageCommand> COMMANDS =
            new Topic<>("waveflow.commands.v1", Serdes.String(), Codecs.COMMANDS.serde());

    /** Records that could not be processed, with the reason. */
    public static final Topic<String, DeadLetter> DEAD_LETTER =
            new Topic<>("waveflow.deadletter.v1", Serdes.String(), DeadLetters.serde());

    public static final List<Topic<String, ?>> ALL = List.of(INBOUND, WORKFLOW, COMMANDS, DEAD_LETTER);

    private Topics() {
    }
}
