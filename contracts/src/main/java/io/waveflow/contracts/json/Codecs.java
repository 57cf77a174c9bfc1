package io.waveflow.contracts.json;

import io.waveflow.contracts.command.GenerateHash;
import io.waveflow.contracts.command.ProcessAudioAnalysis;
import io.waveflow.contracts.command.ProcessDuplicateFile;
import io.waveflow.contracts.command.StageCommand;
import io.waveflow.contracts.inbound.CancelRequested;
import io.waveflow.contracts.inbound.HashReported;
import io.waveflow.contracts.inbound.InboundEvent;
import io.waveflow.contracts.inbound.ProcessingCompleted;
import io.waveflow.contracts.inbound.RetryRequested;
import io.waveflow.contracts.inbound.StemDeleted;
import io.waveflow.contracts.inbound.UploadCompleted;
import io.waveflow.contracts.workflow.DuplicateDetected;
import io.waveflow.contracts.workflow.DuplicateSettled;
import io.waveflow.contracts.workflow.EventRejected;
import io.waveflow.contracts.workflow.HashClaimed;
import io.waveflow.contracts.workflow.StageRequested;
import io.waveflow.contracts.workflow.StemCancelled;
import io.waveflow.contracts.workflow.StemCompleted;
import io.waveflow.contracts.workflow.StemFailed;
import io.waveflow.contracts.workflow.StemRegistered;
import io.waveflow.contracts.workflow.StemRemoved;
import io.waveflow.contracts.workflow.WorkflowEvent;

import java.util.Map;

/**
 * The registered CloudEvents type of every message, versioned ({@code .v1}) so a reader can
 * tell a future incompatible shape from today's.
 */
public final class Codecs {

    public static final EnvelopeCodec<InboundEvent> INBOUND = new EnvelopeCodec<>(
            InboundEvent.class, "/waveflow/bridge", Map.of(
            UploadCompleted.class, "io.waveflow.inbound.UploadCompleted.v1",
            HashReported.class, "io.waveflow.inbound.HashReported.v1",
            ProcessingCompleted.class, "io.waveflow.inbound.ProcessingCompleted.v1",
            StemDeleted.class, "io.waveflow.inbound.StemDeleted.v1",
            RetryRequested.class, "io.waveflow.inbound.RetryRequested.v1",
            CancelRequested.class, "io.waveflow.inbound.CancelRequested.v1"));

    public static final EnvelopeCodec<WorkflowEvent> WORKFLOW = new EnvelopeCodec<>(
            WorkflowEvent.class, "/waveflow/workflow-streams", Map.of(
            StemRegistered.class, "io.waveflow.workflow.StemRegistered.v1",
            StageRequested.class, "io.waveflow.workflow.StageRequested.v1",
            HashClaimed.class, "io.waveflow.workflow.HashClaimed.v1",
            DuplicateDetected.class, "io.waveflow.workflow.DuplicateDetected.v1",
            StemCompleted.class, "io.waveflow.workflow.StemCompleted.v1",
            DuplicateSettled.class, "io.waveflow.workflow.DuplicateSettled.v1",
            StemFailed.class, "io.waveflow.workflow.StemFailed.v1",
            EventRejected.class, "io.waveflow.workflow.EventRejected.v1",
            StemRemoved.class, "io.waveflow.workflow.StemRemoved.v1",
            StemCancelled.class, "io.waveflow.workflow.StemCancelled.v1"));

    public static final EnvelopeCodec<StageCommand> COMMANDS = new EnvelopeCodec<>(
            StageCommand.class, "/waveflow/workflow-streams", Map.of(
            GenerateHash.class, "io.waveflow.command.GenerateHash.v1",
            ProcessDuplicateFile.class, "io.waveflow.command.ProcessDuplicateFile.v1",
            ProcessAudioAnalysis.class, "io.waveflow.command.ProcessAudioAnalysis.v1"));

    private Codecs() {
    }
}
