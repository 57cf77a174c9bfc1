package io.waveflow.workflow.topology;

import io.waveflow.contracts.Stage;
import io.waveflow.contracts.command.GenerateHash;
import io.waveflow.contracts.command.ProcessAudioAnalysis;
import io.waveflow.contracts.command.ProcessDuplicateFile;
import io.waveflow.contracts.command.StageCommand;
import io.waveflow.contracts.inbound.CancelRequested;
import io.waveflow.contracts.inbound.CompletionResult;
import io.waveflow.contracts.inbound.HashReported;
import io.waveflow.contracts.inbound.InboundEvent;
import io.waveflow.contracts.inbound.ProcessingCompleted;
import io.waveflow.contracts.inbound.RetryRequested;
import io.waveflow.contracts.inbound.StemDeleted;
import io.waveflow.contracts.inbound.UploadCompleted;
import io.waveflow.contracts.json.Codecs;
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
        if (event instanceof RetryRequested retry) {
            return onRetry(current, retry, time);
        }
        if (event instanceof CancelRequested cancel) {
            return onCancel(current, cancel, time);
        }
        throw new IllegalArgumentException("no workflow rule for inbound event " + event.getClass().getName());
    }

    public Transition onClaimDecision(StemState current, ClaimDecision decision, Instant time) {
        boolean awaitingThisDecision = current != null && current.phase().isClaiming()
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
        Transition.Builder decided;
        StemState next;
        if (decision.granted()) {
            next = enter(current.withOwner(current.stemId()), Phase.ANALYSING, analysisAttempt(current), time);
            decided = Transition.to(next)
                    .event(new HashClaimed(cause + "/claimed", time, next.stemId(), next.audioHash()));
        } else {
            next = enter(current.withOwner(decision.ownerStemId()), Phase.CLEANING_DUPLICATE, 1, time);
            decided = Transition.to(next)
                    .event(new DuplicateDetected(cause + "/duplicate", time, next.stemId(), next.audioHash(),
                            decision.ownerStemId()));
        }
        requested(decided, cause, time, next);
        if (!decision.commandSent()) {
            // A request written before the claims task sent commands: the command is sent here.
            decided.command(command(next, time));
        }
        return decided.build();
    }

    /** A retried owner continues its analysis attempts (analysis-<stemId>-4 after three). */
    private static int analysisAttempt(StemState claiming) {
        return claiming.phase() == Phase.RECLAIMING ? claiming.attempt() : 1;
    }

    /**
     * Asks the claims task for the stem's hash, with the command for each answer: the claims task
     * sends one of them in the transaction of its decision, while the stem waits for the decision.
     */
    private ClaimMessage.Request claimRequest(StemState claiming, String causeId, Instant time) {
        StemState owner = claiming.withOwner(claiming.stemId()).inPhase(Phase.ANALYSING, analysisAttempt(claiming), 0);
        StemState duplicate = claiming.withOwner(null).inPhase(Phase.CLEANING_DUPLICATE, 1, 0);
        return new ClaimMessage.Request(claiming.claimKey(), claiming.stemId(), claiming.audioHash(), causeId,
                (ProcessAudioAnalysis) command(owner, time), (ProcessDuplicateFile) command(duplicate, time));
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
        } else if (hash.audioHash().equals(current.audioHash()) && current.phase() != Phase.DELETED
                && current.phase() != Phase.CANCELLED) {
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
        return builder.claim(claimRequest(claiming, hash.id(), time)).build();
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
                if (!result.hasAnalysis()) {
                    // Only a completion naming no task gets here without the fields (the bridge
                    // requires them of a named analysis): it may have been meant for another stage.
                    return reject(completion, time, "successful completion without the analysis result "
                            + "(audio_data_hash, waveform_data_path, file_size, duration, sample_rate, num_peaks)"
                            + " but the stem is " + describe(current.phase()));
                }
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
        if (current.ownsClaim() || current.phase().isClaiming()) {
            // A stem still claiming may be granted any moment: release now, and the stale
            // grant that may still arrive is released again by onClaimDecision.
            builder.claim(new ClaimMessage.Release(current.claimKey(), current.stemId(), deleted.id()));
        }
        return builder.build();
    }

    /**
     * An operator's retry: a failed stem gets a new attempt of the stage it failed in, a stem
     * waiting on a worker a new attempt of that stage now (next attempt number, fresh deadline).
     * A failed owner released its claim, so it claims its hash again first: granted, it is
     * analysed at its next attempt; owned by another stem meanwhile, it becomes that stem's
     * duplicate. Anything else (settled, claiming, unknown) is rejected with the reason.
     */
    private Transition onRetry(StemState current, RetryRequested retry, Instant time) {
        if (current == null) {
            return reject(retry, time, "retry of an unknown stem");
        }
        Phase phase = current.phase();
        StemState stem = current.remember(retry.id());
        int next = current.attempt() + 1;
        if (phase == Phase.FAILED) {
            Stage stage = failedStage(current);
            if (stage == Stage.ANALYSIS) {
                StemState reclaiming = stem.withOwner(null).inPhase(Phase.RECLAIMING, next, 0);
                return Transition.to(reclaiming).claim(claimRequest(reclaiming, retry.id(), time)).build();
            }
            StemState retried = enter(stem, stage == Stage.HASH ? Phase.HASHING : Phase.CLEANING_DUPLICATE, next,
                    time);
            return request(Transition.to(retried), retry.id(), time, retried).build();
        }
        if (phase.awaitedStage() != null) {
            StemState retried = enter(stem, phase, next, time);
            return request(Transition.to(retried), retry.id(), time, retried).build();
        }
        return reject(retry, time, "retry but the stem is " + describe(phase)
                + (phase.isClaiming() ? ": its hash claim is being decided, no worker stage to retry" : ""));
    }

    /**
     * An operator's cancel: a stem in flight or failed ends as cancelled, releasing its claim if
     * it may hold one (a failed stem released it already); later webhooks for it are rejected. A
     * settled, deleted or already cancelled stem is rejected with the reason.
     */
    private Transition onCancel(StemState current, CancelRequested cancel, Instant time) {
        if (current == null) {
            return reject(cancel, time, "cancel of an unknown stem");
        }
        Phase phase = current.phase();
        if (phase.isFinal() && phase != Phase.FAILED) {
            return reject(cancel, time, "cancel but the stem is " + describe(phase));
        }
        StemState cancelled = current.remember(cancel.id()).inPhase(Phase.CANCELLED, current.attempt(), 0);
        Transition.Builder builder = Transition.to(cancelled)
                .event(new StemCancelled(cancel.id() + "/cancelled", time, current.stemId(), cancel.requestedBy(),
                        cancel.reason()));
        if (phase != Phase.FAILED && (current.ownsClaim() || phase.isClaiming())) {
            builder.claim(new ClaimMessage.Release(current.claimKey(), current.stemId(), cancel.id()));
        }
        return builder.build();
    }

    /**
     * The stage a failed stem failed in, from what it had reached: no hash yet is hashing, the
     * owner of its hash was analysing, a duplicate was cleaning up.
     */
    private static Stage failedStage(StemState failed) {
        if (failed.audioHash() == null) {
            return Stage.HASH;
        }
        return failed.stemId().equals(failed.ownerStemId()) ? Stage.ANALYSIS : Stage.DUPLICATE;
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
        return requested(builder, causeId, time, stem).command(command(stem, time));
    }

    /** Records that the stage the stem now awaits is commanded, at its current attempt. */
    private static Transition.Builder requested(Transition.Builder builder, String causeId, Instant time,
                                                StemState stem) {
        Stage stage = stem.phase().awaitedStage();
        return builder.event(new StageRequested(causeId + "/requested-" + stage.word() + "-" + stem.attempt(),
                time, stem.stemId(), stage, stem.attempt(), stage.taskId(stem.stemId(), stem.attempt())));
    }

    /** The command for the stage the stem awaits, at its current attempt. */
    private StageCommand command(StemState stem, Instant time) {
        Stage stage = stem.phase().awaitedStage();
        String taskId = stage.taskId(stem.stemId(), stem.attempt());
        switch (stage) {
            case HASH:
                return new GenerateHash(taskId, time, stem.stemId(), stem.attempt(), stem.userId(), stem.trackId(),
                        stem.filepath(), stem.uploadTimestamp(), stem.originalFilename());
            case DUPLICATE:
                return new ProcessDuplicateFile(taskId, time, stem.stemId(), stem.attempt(), stem.userId(),
                        stem.trackId(), stem.filepath(), stem.audioHash(), stem.ownerStemId());
            default:
                return new ProcessAudioAnalysis(taskId, time, stem.stemId(), stem.attempt(), stem.userId(),
                        stem.trackId(), stem.filepath(), stem.audioHash(), stem.hashTimestamp(),
                        stem.originalFilename(), settings.numPeaks());
        }
    }

    private static String describe(Phase phase) {
        return phase.word().replace('_', ' ');
    }
}
