package io.waveflow.workflow.topology;

import io.waveflow.contracts.Stage;
import io.waveflow.contracts.command.GenerateHash;
import io.waveflow.contracts.command.ProcessAudioAnalysis;
import io.waveflow.contracts.command.ProcessDuplicateFile;
import io.waveflow.contracts.inbound.CompletionResult;
import io.waveflow.contracts.inbound.HashReported;
import io.waveflow.contracts.inbound.InboundEvent;
import io.waveflow.contracts.inbound.ProcessingCompleted;
import io.waveflow.contracts.inbound.StemDeleted;
import io.waveflow.contracts.inbound.UploadCompleted;
import io.waveflow.contracts.json.Codecs;
import io.waveflow.contracts.workflow.DuplicateDetected;
import io.waveflow.contracts.workflow.DuplicateSettled;
import io.waveflow.contracts.workflow.EventRejected;
import io.waveflow.contracts.workflow.HashClaimed;
import io.waveflow.contracts.workflow.StageRequested;
import io.waveflow.contracts.workflow.StemCompleted;
import io.waveflow.contracts.workflow.StemFailed;
import io.waveflow.contracts.workflow.StemRegistered;
import io.waveflow.contracts.workflow.StemRemoved;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The stem state machine as a pure function: (state, input, now) → transition. The Kafka
 * processors around it only load and store state and forward what it returns. Every output
 * id derives from the id of the input that caused it, so a replay produces the same ids;
 * {@code now} is the wall clock, which also sets stage deadlines.
 */
public final class StemWorkflow {

    public static final String WORKER_ERROR = "worker-error";
    public static final String TIMEOUT = "timeout";

    private final WorkflowSettings settings;

    public StemWorkflow(WorkflowSettings settings) {
        this.settings = settings;
    }

    public Transition onInbound(StemState current, InboundEvent event, Instant time) {
        if (current != null && current.hasApplied(event.id())) {
            return Transition.to(null).build();
        }
        // One branch per member of the sealed family. Java 17 has no pattern switch to check this
        // at compile time; StemWorkflowTest checks every permitted subclass has its branch.
        if (event instanceof UploadCompleted upload) {
            return onUpload(current, upload, time);
        }
        if (event instanceof HashReported hash) {
            return onHashReported(current, hash, time);
        }
        if (event instanceof ProcessingCompleted completion) {
            return onCompletion(current, completion, time);
        }
        if (event instanceof StemDeleted deleted) {
            return onDeleted(current, deleted, time);
        }
        throw new IllegalArgumentException("no workflow rule for inbound event " + event.getClass().getName());
    }

    public Transition onClaimDecision(StemState current, ClaimDecision decision, Instant time) {
        boolean awaitingThisDecision = current != null && current.phase() == Phase.CLAIMING
                && decision.claimKey().equals(current.claimKey());
        if (!awaitingThisDecision) {
            // The stem moved on (deleted, failed) while its request was in flight: an orphaned
            // grant would block the hash forever, so give it back.
            boolean alreadyOwner = current != null && current.ownsClaim()
                    && decision.claimKey().equals(current.claimKey());
            Transition.Builder stale = Transition.to(null);
            if (decision.granted() && !alreadyOwner) {
                stale.claim(new ClaimMessage.Release(decision.claimKey(), decision.stemId(), decision.causeId()));
            }
            return stale.build();
        }
        String cause = decision.causeId();
        if (decision.granted()) {
            StemState owner = enter(current.withOwner(current.stemId()), Phase.ANALYSING, 1, time);
            return request(Transition.to(owner)
                    .event(new HashClaimed(cause + "/claimed", time, owner.stemId(), owner.audioHash())),
                    cause, time, owner).build();
        }
        StemState duplicate = enter(current.withOwner(decision.ownerStemId()), Phase.CLEANING_DUPLICATE, 1, time);
        return request(Transition.to(duplicate)
                .event(new DuplicateDetected(cause + "/duplicate", time, duplicate.stemId(), duplicate.audioHash(),
                        decision.ownerStemId())),
                cause, time, duplicate).build();
    }

    /**
     * The awaited worker did not answer in time: command the stage again with the attempt
     * counted, or fail the stem with reason {@code timeout} after the last attempt. A deadline
     * that no longer matches the state (the stem moved on) changes nothing.
     */
    public Transition onDeadline(StemState current, Instant now) {
        if (current == null || current.phase().awaitedStage() == null || current.deadlineMs() == 0
                || current.deadlineMs() > now.toEpochMilli()) {
            return Transition.to(null).build();
        }
        Stage stage = current.phase().awaitedStage();
        String cause = current.stemId() + "/deadline-" + stage.word() + "-" + current.attempt();
        if (current.attempt() < settings.maxAttempts()) {
            StemState retried = enter(current, current.phase(), current.attempt() + 1, now);
            return request(Transition.to(retried), cause, now, retried).build();
        }
        return fail(current, cause, now, stage, TIMEOUT, null, "no answer from the worker within "
                + settings.deadline(stage) + " in each of " + current.attempt() + " attempts");
    }

    private Transition onUpload(StemState current, UploadCompleted upload, Instant time) {
        if (current != null) {
            return reject(upload, time,
                    "stem was already registered and is " + describe(current.phase()));
        }
        StemState hashing = enter(new StemState(upload.stemId(), upload.userId(), upload.trackId(), upload.filepath(),
                upload.originalFilename(), upload.timestamp(), Phase.HASHING, 1, null, null, null, null, 0,
                List.of()), Phase.HASHING, 1, time).remember(upload.id());
        return request(Transition.to(hashing).event(registered(upload.id(), time, hashing)), upload.id(), time,
                hashing).build();
    }

    private Transition onHashReported(StemState current, HashReported hash, Instant time) {
        StemState stem;
        if (current == null) {
            // Started by another path than /upload-complete: the hash report registers it.
            stem = new StemState(hash.stemId(), hash.userId(), hash.trackId(), hash.filepath(),
                    hash.originalFilename(), hash.timestamp(), Phase.HASHING, 1, null, null, null, null, 0,
                    List.of());
        } else if (current.phase() == Phase.HASHING) {
            stem = current;
        } else if (hash.audioHash().equals(current.audioHash()) && current.phase() != Phase.DELETED) {
            // A repeated report of the same hash changes nothing and commands nothing.
            return Transition.to(current.remember(hash.id())).build();
        } else {
            return reject(hash, time, "hash-check with hash " + hash.audioHash()
                    + " but the stem " + (current.audioHash() == null ? "" : "has hash " + current.audioHash()
                    + " and ") + "is " + describe(current.phase()));
        }
        String claimKey = settings.claimScope().claimKey(stem.userId(), stem.trackId(), hash.audioHash());
        StemState claiming = stem.withHash(hash.audioHash(), hash.timestamp(), claimKey)
                .inPhase(Phase.CLAIMING, stem.attempt(), 0)
                .remember(hash.id());
        Transition.Builder builder = Transition.to(claiming);
        if (current == null) {
            builder.event(registered(hash.id(), time, claiming));
        }
        return builder
                .claim(new ClaimMessage.Request(claimKey, claiming.stemId(), hash.audioHash(), hash.id()))
                .build();
    }

    private Transition onCompletion(StemState current, ProcessingCompleted completion, Instant time) {
        if (current == null) {
            return reject(completion, time, "completion for an unknown stem");
        }
        StemState stem = current.remember(completion.id());
        Optional<Stage> named = Optional.ofNullable(completion.task()).flatMap(Stage::ofTaskName);
        if (completion.task() != null && named.isEmpty()) {
            return reject(completion, time, "completion names unknown task " + completion.task());
        }
        Stage awaited = current.phase().awaitedStage();
        Stage stage = named.orElse(awaited);
        if (stage == null || stage != awaited) {
            return reject(completion, time, "completion" + (stage == null ? "" : " of stage " + stage)
                    + " but the stem is " + describe(current.phase()));
        }
        CompletionResult result = completion.result() == null
                ? CompletionResult.failure(null, null) : completion.result();
        if (!completion.succeeded()) {
            if (settings.isRetryable(result.errorCode()) && stem.attempt() < settings.maxAttempts()) {
                StemState retried = enter(stem, stem.phase(), stem.attempt() + 1, time);
                return request(Transition.to(retried), completion.id(), time, retried).build();
            }
            return fail(stem, completion.id(), time, stage, WORKER_ERROR, result.errorCode(), result.errorMessage());
        }
        switch (stage) {
            case ANALYSIS:
                StemState completed = stem.inPhase(Phase.COMPLETED, stem.attempt(), 0);
                return Transition.to(completed)
                        .event(new StemCompleted(completion.id() + "/completed", time, stem.stemId(),
                                result.audioDataHash() != null ? result.audioDataHash() : stem.audioHash(),
                                result.waveformDataPath(), result.fileSize(), result.duration(), result.sampleRate(),
                                result.numPeaks()))
                        .build();
            case DUPLICATE:
                return Transition.to(stem.inPhase(Phase.DUPLICATE, stem.attempt(), 0))
                        .event(new DuplicateSettled(completion.id() + "/settled", time, stem.stemId()))
                        .build();
            default:
                return reject(completion, time, "a hash result arrives through /webhook/hash-check, "
                        + "not as a successful completion");
        }
    }

    private Transition onDeleted(StemState current, StemDeleted deleted, Instant time) {
        if (current == null) {
            return reject(deleted, time, "deletion of an unknown stem");
        }
        if (current.phase() == Phase.DELETED) {
            return Transition.to(current.remember(deleted.id())).build();
        }
        StemState removed = current.remember(deleted.id()).inPhase(Phase.DELETED, current.attempt(), 0);
        Transition.Builder builder = Transition.to(removed)
                .event(new StemRemoved(deleted.id() + "/removed", time, removed.stemId()));
        if (current.ownsClaim() || current.phase() == Phase.CLAIMING) {
            // A stem still claiming may be granted any moment: release now, and the stale
            // grant that may still arrive is released again by onClaimDecision.
            builder.claim(new ClaimMessage.Release(current.claimKey(), current.stemId(), deleted.id()));
        }
        return builder.build();
    }

    private Transition fail(StemState stem, String causeId, Instant time, Stage stage, String reason,
                            String errorCode, String errorMessage) {
        StemState failed = stem.inPhase(Phase.FAILED, stem.attempt(), 0);
        Transition.Builder builder = Transition.to(failed)
                .event(new StemFailed(causeId + "/failed", time, stem.stemId(), stage, reason, errorCode,
                        errorMessage));
        if (stem.ownsClaim()) {
            builder.claim(new ClaimMessage.Release(stem.claimKey(), stem.stemId(), causeId));
        }
        return builder.build();
    }

    /**
     * Records a rejection and changes nothing else. The rejected event's id is deliberately not
     * remembered: the same webhook may make sense later (a completion that overtook its command),
     * and a repeated rejection carries the same id, so downstream sees it once.
     */
    private static Transition reject(InboundEvent event, Instant time, String reason) {
        return Transition.to(null)
                .event(new EventRejected(event.id() + "/rejected", time, event.stemId(), event.id(),
                        Codecs.INBOUND.typeOf(event), reason))
                .build();
    }

    private static StemRegistered registered(String causeId, Instant time, StemState stem) {
        return new StemRegistered(causeId + "/registered", time, stem.stemId(), stem.userId(), stem.trackId(),
                stem.filepath(), stem.originalFilename());
    }

    private StemState enter(StemState stem, Phase phase, int attempt, Instant now) {
        Stage stage = phase.awaitedStage();
        long deadline = stage == null ? 0 : now.plus(settings.deadline(stage)).toEpochMilli();
        return stem.inPhase(phase, attempt, deadline);
    }

    /** Records and sends the command for the stage the stem now awaits, at its current attempt. */
    private Transition.Builder request(Transition.Builder builder, String causeId, Instant time, StemState stem) {
        Stage stage = stem.phase().awaitedStage();
        String taskId = stage.taskId(stem.stemId(), stem.attempt());
        builder.event(new StageRequested(causeId + "/requested-" + stage.word() + "-" + stem.attempt(),
                time, stem.stemId(), stage, stem.attempt(), taskId));
        switch (stage) {
            case HASH:
                return builder.command(new GenerateHash(taskId, time, stem.stemId(), stem.attempt(), stem.userId(),
                        stem.trackId(), stem.filepath(), stem.uploadTimestamp(), stem.originalFilename()));
            case DUPLICATE:
                return builder.command(new ProcessDuplicateFile(taskId, time, stem.stemId(), stem.attempt(),
                        stem.userId(), stem.trackId(), stem.filepath(), stem.audioHash(), stem.ownerStemId()));
            default:
                return builder.command(new ProcessAudioAnalysis(taskId, time, stem.stemId(), stem.attempt(),
                        stem.userId(), stem.trackId(), stem.filepath(), stem.audioHash(), stem.hashTimestamp(),
                        stem.originalFilename(), settings.numPeaks()));
        }
    }

    private static String describe(Phase phase) {
        return phase.word().replace('_', ' ');
    }
}
