package io.waveflow.replay;

import io.waveflow.contracts.Stage;
import io.waveflow.contracts.command.GenerateHash;
import io.waveflow.contracts.command.ProcessAudioAnalysis;
import io.waveflow.contracts.command.ProcessDuplicateFile;
import io.waveflow.contracts.command.StageCommand;
import io.waveflow.contracts.deadletter.DeadLetters;
import io.waveflow.contracts.inbound.CompletionResult;
import io.waveflow.contracts.inbound.HashReported;
import io.waveflow.contracts.inbound.InboundEvent;
import io.waveflow.contracts.inbound.ProcessingCompleted;
import io.waveflow.contracts.inbound.StemDeleted;
import io.waveflow.contracts.inbound.UploadCompleted;
import io.waveflow.contracts.json.Codecs;
import io.waveflow.contracts.topic.Topics;
import io.waveflow.contracts.workflow.DuplicateDetected;
import io.waveflow.contracts.workflow.DuplicateSettled;
import io.waveflow.contracts.workflow.EventRejected;
import io.waveflow.contracts.workflow.HashClaimed;
import io.waveflow.contracts.workflow.StageRequested;
import io.waveflow.contracts.workflow.StemCompleted;
import io.waveflow.contracts.workflow.StemFailed;
import io.waveflow.contracts.workflow.StemRegistered;
import io.waveflow.contracts.workflow.StemRemoved;
import io.waveflow.contracts.workflow.WorkflowEvent;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Test fixtures: Waveflow events encoded exactly as the services encode them. */
public final class Events {

    /** A record to produce: topic, key (the stemId) and the encoded value. */
    public record Produced(String topic, String key, byte[] value) {
    }

    private Events() {
    }

    public static Produced inbound(InboundEvent event) {
        return new Produced(Topics.INBOUND.name(), event.stemId(), Codecs.INBOUND.encode(event));
    }

    public static Produced workflow(WorkflowEvent event) {
        return new Produced(Topics.WORKFLOW.name(), event.stemId(), Codecs.WORKFLOW.encode(event));
    }

    public static Produced command(StageCommand command) {
        return new Produced(Topics.COMMANDS.name(), command.stemId(), Codecs.COMMANDS.encode(command));
    }

    public static Produced deadLetter(String key, String badValue, Instant time) {
        byte[] keyBytes = key.getBytes(StandardCharsets.UTF_8);
        return new Produced(Topics.DEAD_LETTER.name(), key, Topics.DEAD_LETTER.valueSerde().serializer().serialize(
                Topics.DEAD_LETTER.name(), DeadLetters.of(Topics.INBOUND.name(), 0, 17L, keyBytes,
                        badValue.getBytes(StandardCharsets.UTF_8), "not JSON: Unrecognized token", "workflow-streams",
                        time)));
    }

    public static UploadCompleted upload(String stemId, String userId, String trackId, Instant time) {
        return new UploadCompleted(stemId + "-upload", time, stemId, userId, trackId, "uploads/" + stemId + ".wav",
                stemId + ".wav", time.toString());
    }

    /**
     * Every event type once, over four stems and an unknown one, in the order the services
     * would write them: s1 completes, s2 is s1's duplicate, s3 fails, s4 is deleted, and a
     * completion for the unknown stem s9 is rejected and a bad record about it dead-lettered.
     */
    public static List<Produced> everyType(Instant start) {
        List<Produced> records = new ArrayList<>();
        Instant t = start;
        // s1: upload, hash claimed, analysis completed
        records.add(inbound(upload("s1", "u1", "t1", t)));
        records.add(workflow(new StemRegistered("s1-upload/registered", t, "s1", "u1", "t1", "uploads/s1.wav", "s1.wav")));
        records.add(workflow(new StageRequested("s1-upload/requested-hash-1", t, "s1", Stage.HASH, 1, "hash-s1-1")));
        records.add(command(new GenerateHash("hash-s1-1", t, "s1", 1, "u1", "t1", "uploads/s1.wav", t.toString(),
                "s1.wav")));
        t = t.plusSeconds(1);
        // s2 arrives with the same audio
        records.add(inbound(upload("s2", "u1", "t2", t)));
        records.add(workflow(new StemRegistered("s2-upload/registered", t, "s2", "u1", "t2", "uploads/s2.wav", "s2.wav")));
        records.add(workflow(new StageRequested("s2-upload/requested-hash-1", t, "s2", Stage.HASH, 1, "hash-s2-1")));
        records.add(command(new GenerateHash("hash-s2-1", t, "s2", 1, "u1", "t2", "uploads/s2.wav", t.toString(),
                "s2.wav")));
        t = t.plusSeconds(1);
        records.add(inbound(new HashReported("s1-hash", t, "s1", "u1", "t1", "uploads/s1.wav", "h1", "ts", "s1.wav",
                "SUCCESS")));
        records.add(workflow(new HashClaimed("s1-hash/claimed", t, "s1", "h1")));
        records.add(workflow(new StageRequested("s1-hash/requested-analysis-1", t, "s1", Stage.ANALYSIS, 1,
                "analysis-s1-1")));
        records.add(command(new ProcessAudioAnalysis("analysis-s1-1", t, "s1", 1, "u1", "t1", "uploads/s1.wav", "h1",
                "ts", "s1.wav", 1024)));
        t = t.plusSeconds(1);
        records.add(inbound(new HashReported("s2-hash", t, "s2", "u1", "t2", "uploads/s2.wav", "h1", "ts", "s2.wav",
                "SUCCESS")));
        records.add(workflow(new DuplicateDetected("s2-hash/duplicate", t, "s2", "h1", "s1")));
        records.add(workflow(new StageRequested("s2-hash/requested-duplicate-1", t, "s2", Stage.DUPLICATE, 1,
                "duplicate-s2-1")));
        records.add(command(new ProcessDuplicateFile("duplicate-s2-1", t, "s2", 1, "u1", "t2", "uploads/s2.wav", "h1",
                "s1")));
        t = t.plusSeconds(1);
        records.add(inbound(new ProcessingCompleted("s1-done", t, "s1", "app.tasks.process_audio_analysis", "SUCCESS",
                "ts", CompletionResult.success("h1", "waveforms/s1.json", 2048L, 3.5, 44100, 1024))));
        records.add(workflow(new StemCompleted("s1-done/completed", t, "s1", "h1", "waveforms/s1.json", 2048L, 3.5,
                44100, 1024)));
        records.add(inbound(new ProcessingCompleted("s2-done", t, "s2", "app.tasks.process_duplicate_file", "SUCCESS",
                "ts", CompletionResult.success("h1", "waveforms/s2.json", 2048L, 3.5, 44100, 1024))));
        records.add(workflow(new DuplicateSettled("s2-done/settled", t, "s2")));
        t = t.plusSeconds(1);
        // s3 fails in hashing
        records.add(inbound(upload("s3", "u2", "t1", t)));
        records.add(workflow(new StemRegistered("s3-upload/registered", t, "s3", "u2", "t1", "uploads/s3.wav", "s3.wav")));
        records.add(inbound(new ProcessingCompleted("s3-done", t, "s3", null, "FAILURE", "ts",
                CompletionResult.failure("cannot decode", "E_DECODE"))));
        records.add(workflow(new StemFailed("s3-done/failed", t, "s3", Stage.HASH, "worker-error", "E_DECODE",
                "cannot decode")));
        t = t.plusSeconds(1);
        // s4 is deleted
        records.add(inbound(upload("s4", "u2", "t3", t)));
        records.add(workflow(new StemRegistered("s4-upload/registered", t, "s4", "u2", "t3", "uploads/s4.wav", "s4.wav")));
        records.add(inbound(new StemDeleted("s4-deleted", t, "s4", "u2", "t3")));
        records.add(workflow(new StemRemoved("s4-deleted/removed", t, "s4")));
        t = t.plusSeconds(1);
        // s9 was never uploaded
        records.add(inbound(new ProcessingCompleted("s9-done", t, "s9", null, "SUCCESS", "ts",
                CompletionResult.success("h9", "waveforms/s9.json", 1L, 1.0, 8000, 16))));
        records.add(workflow(new EventRejected("s9-done/rejected", t, "s9", "s9-done",
                "io.waveflow.inbound.ProcessingCompleted.v1", "completion for an unknown stem")));
        records.add(deadLetter("s9", "{not json", t));
        return records;
    }
}
