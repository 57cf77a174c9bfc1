package io.waveflow.contracts.schema;

import io.waveflow.contracts.Stage;
import io.waveflow.contracts.command.GenerateHash;
import io.waveflow.contracts.command.ProcessAudioAnalysis;
import io.waveflow.contracts.command.ProcessDuplicateFile;
import io.waveflow.contracts.command.StageCommand;
import io.waveflow.contracts.deadletter.DeadLetter;
import io.waveflow.contracts.deadletter.DeadLetters;
import io.waveflow.contracts.inbound.CancelRequested;
import io.waveflow.contracts.inbound.CompletionResult;
import io.waveflow.contracts.inbound.HashReported;
import io.waveflow.contracts.inbound.InboundEvent;
import io.waveflow.contracts.inbound.ProcessingCompleted;
import io.waveflow.contracts.inbound.RetryRequested;
import io.waveflow.contracts.inbound.StemDeleted;
import io.waveflow.contracts.inbound.UploadCompleted;
import io.waveflow.contracts.json.Codecs;
import io.waveflow.contracts.topic.Topics;
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

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/** One realistic record value per event type, encoded exactly as the services encode it. */
final class EventSamples {

    /** The dead-letter topic's value has no envelope, so its schema is named after this type. */
    static final String DEAD_LETTER_TYPE = "io.waveflow.deadletter.DeadLetter.v1";

    private static final Instant TIME = Instant.parse("2026-11-26T01:02:03.456Z");
    private static final String STEM = "stem-1";
    private static final String OWNER = "stem-0";

    record Sample(String type, byte[] value) {
        @Override
        public String toString() {
            return type;
        }
    }

    private EventSamples() {
    }

    static List<Sample> all() {
        return List.of(
                inbound(new UploadCompleted("up-1", TIME, STEM, "user-1", "track-1", "u/1/a.wav", "a.wav",
                        "2026-11-26T01:02:03.456Z")),
                inbound(new HashReported("hr-1", TIME, STEM, "user-1", "track-1", "u/1/a.wav", "ab12", "ts",
                        "a.wav", "SUCCESS")),
                inbound(new ProcessingCompleted("pc-1", TIME, STEM, "app.tasks.process_audio_analysis", "SUCCESS",
                        "ts", CompletionResult.success("ab12", "w/1.json", 1024L, 12.5, 44100, 1024))),
                inbound(new StemDeleted("sd-1", TIME, STEM, "user-1", "track-1")),
                inbound(new RetryRequested("rr-1", TIME, STEM, "ops-alice", "worker fixed")),
                inbound(new CancelRequested("cr-1", TIME, STEM, "ops-alice", "uploaded by mistake")),
                workflow(new StemRegistered("up-1/registered", TIME, STEM, "user-1", "track-1", "u/1/a.wav", "a.wav")),
                workflow(new StageRequested("up-1/requested-hash-1", TIME, STEM, Stage.HASH, 1, "hash-stem-1-1")),
                workflow(new HashClaimed("hr-1/claimed", TIME, STEM, "ab12")),
                workflow(new DuplicateDetected("hr-1/duplicate", TIME, STEM, "ab12", OWNER)),
                workflow(new StemCompleted("pc-1/completed", TIME, STEM, "ab12", "w/1.json", 1024L, 12.5, 44100, 1024)),
                workflow(new DuplicateSettled("pc-1/settled", TIME, STEM)),
                workflow(new StemFailed("pc-1/failed", TIME, STEM, Stage.ANALYSIS, "worker-error", "E42", "bad file")),
                workflow(new EventRejected("pc-1/rejected", TIME, STEM, "pc-1", "io.waveflow.inbound.ProcessingCompleted.v1",
                        "completion for an unknown stem")),
                workflow(new StemRemoved("sd-1/removed", TIME, STEM)),
                workflow(new StemCancelled("cr-1/cancelled", TIME, STEM, "ops-alice", "uploaded by mistake")),
                command(new GenerateHash("hash-stem-1-1", TIME, STEM, 1, "user-1", "track-1", "u/1/a.wav", "ts", "a.wav")),
                command(new ProcessDuplicateFile("duplicate-stem-1-1", TIME, STEM, 1, "user-1", "track-1", "u/1/a.wav",
                        "ab12", OWNER)),
                command(new ProcessAudioAnalysis("analysis-stem-1-2", TIME, STEM, 2, "user-1", "track-1", "u/1/a.wav",
                        "ab12", "ts", "a.wav", 1024)),
                deadLetter(DeadLetters.of(Topics.INBOUND.name(), 3, 42L, STEM.getBytes(StandardCharsets.UTF_8),
                        "not json".getBytes(StandardCharsets.UTF_8), "not JSON: Unrecognized token", "workflow-streams",
                        TIME)));
    }

    /** Shapes the services also write: failures, optional fields left out, binary dead letters. */
    static List<Sample> variants() {
        return List.of(
                inbound(new ProcessingCompleted("pc-2", TIME, STEM, null, "FAILURE", "ts",
                        CompletionResult.failure("decoder crashed", null))),
                inbound(new ProcessingCompleted("pc-3", TIME, STEM, "app.tasks.process_duplicate_file", "FAILURE",
                        "ts", CompletionResult.failure("", "TIMEOUT"))),
                inbound(new RetryRequested("rr-2", TIME, STEM, "ops-alice", null)),
                inbound(new CancelRequested("cr-2", TIME, STEM, "ops-alice", null)),
                workflow(new StemCancelled("cr-2/cancelled", TIME, STEM, "ops-alice", null)),
                workflow(new StemFailed("s/deadline-hash-3/failed", TIME, STEM, Stage.HASH, "timeout", null,
                        "no answer from the worker")),
                deadLetter(DeadLetters.of(Topics.COMMANDS.name(), 0, 7L, null, new byte[] {(byte) 0xff, 0x00},
                        "not JSON", "bridge", TIME)),
                deadLetter(DeadLetters.of(Topics.WORKFLOW.name(), 1, 8L, null, null, "record has no value",
                        "projections", TIME)));
    }

    private static Sample inbound(InboundEvent event) {
        return new Sample(Codecs.INBOUND.typeOf(event), Codecs.INBOUND.encode(event));
    }

    private static Sample workflow(WorkflowEvent event) {
        return new Sample(Codecs.WORKFLOW.typeOf(event), Codecs.WORKFLOW.encode(event));
    }

    private static Sample command(StageCommand command) {
        return new Sample(Codecs.COMMANDS.typeOf(command), Codecs.COMMANDS.encode(command));
    }

    private static Sample deadLetter(DeadLetter letter) {
        return new Sample(DEAD_LETTER_TYPE, Topics.DEAD_LETTER.valueSerde().serializer().serialize(
                Topics.DEAD_LETTER.name(), letter));
    }
}
