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
 * The stem state machine as a pure function: (state, input, time) → transition. The Kafka
 * processors around it only load and store state and forward what it returns. Every output
 * id derives from the id of the input that caused it, so a replay produces the same ids.
 */
public final class StemWorkflow {

    public static final String WORKER_ERROR = "worker-error";

    private final WorkflowSettings settings;

    public StemWorkflow(WorkflowSettings settings) {
        this.settings = settings;
    }

    public Transition onInbound(StemState current, InboundEvent event, Instant time) {
        if (current != null && current.hasApplied(event.id())) {
            return Transition.to(null).build();
        }
        if (event instanceof UploadCompleted upload) {
            return onUpload(current, upload, time);
        }
        if (event instanceof HashReported hash) {
            return onHashReported(current, hash, time);
        }
        if (event instanceof ProcessingCompleted completion) {
            return onCompletion(current, completion, time);
        }
        return onDeleted(current, (StemDeleted) event, time);
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
            StemState owner = current.withOwner(current.stemId()).inPhase(Phase.ANALYSING, 1);
            return Transition.to(owner)
                    .event(new HashClaimed(cause + "/claimed", time, owner.stemId(), owner.audioHash()))
                    .event(requested(cause, time, owner, Stage.ANALYSIS))
                    .command(new ProcessAudioAnalysis(Stage.ANALYSIS.taskId(owner.stemId(), 1), time,
                            owner.stemId(), 1, owner.userId(), owner.trackId(), owner.filepath(), owner.audioHash(),
                            owner.hashTimestamp(), owner.originalFilename(), settings.numPeaks()))
                    .build();
        }
        StemState duplicate = current.withOwner(decision.ownerStemId()).inPhase(Phase.CLEANING_DUPLICATE, 1);
        return Transition.to(duplicate)
                .event(new DuplicateDetected(cause + "/duplicate", time, duplicate.stemId(), duplicate.audioHash(),
                        decision.ownerStemId()))
                .event(requested(cause, time, duplicate, Stage.DUPLICATE))
                .command(new ProcessDuplicateFile(Stage.DUPLICATE.taskId(duplicate.stemId(), 1), time,
                        duplicate.stemId(), 1, duplicate.userId(), duplicate.trackId(), duplicate.filepath(),
                        duplicate.audioHash(), decision.ownerStemId()))
                .build();
    }

    private Transition onUpload(StemState current, UploadCompleted upload, Instant time) {
        if (current != null) {
            return reject(current.remember(upload.id()), upload, time,
                    "stem was already registered and is " + describe(current.phase()));
        }
        StemState hashing = new StemState(upload.stemId(), upload.userId(), upload.trackId(), upload.filepath(),
                upload.originalFilename(), upload.timestamp(), Phase.HASHING, 1, null, null, null, null, List.of())
                .remember(upload.id());
        return Transition.to(hashing)
                .event(registered(upload.id(), time, hashing))
                .event(requested(upload.id(), time, hashing, Stage.HASH))
                .command(new GenerateHash(Stage.HASH.taskId(hashing.stemId(), 1), time, hashing.stemId(), 1,
                        hashing.userId(), hashing.trackId(), hashing.filepath(), hashing.uploadTimestamp(),
                        hashing.originalFilename()))
                .build();
    }

    private Transition onHashReported(StemState current, HashReported hash, Instant time) {
        StemState stem;
        if (current == null) {
            // Started by another path than /upload-complete: the hash report registers it.
            stem = new StemState(hash.stemId(), hash.userId(), hash.trackId(), hash.filepath(),
                    hash.originalFilename(), hash.timestamp(), Phase.HASHING, 1, null, null, null, null, List.of());
        } else if (current.phase() == Phase.HASHING) {
            stem = current;
        } else if (hash.audioHash().equals(current.audioHash()) && current.phase() != Phase.DELETED) {
            // A repeated report of the same hash changes nothing and commands nothing.
            return Transition.to(current.remember(hash.id())).build();
        } else {
            return reject(current.remember(hash.id()), hash, time, "hash-check with hash " + hash.audioHash()
                    + " but the stem " + (current.audioHash() == null ? "" : "has hash " + current.audioHash()
                    + " and ") + "is " + describe(current.phase()));
        }
        String claimKey = settings.claimScope().claimKey(stem.userId(), stem.trackId(), hash.audioHash());
        StemState claiming = stem.withHash(hash.audioHash(), hash.timestamp(), claimKey)
                .inPhase(Phase.CLAIMING, stem.attempt())
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
            return reject(null, completion, time, "completion for an unknown stem");
        }
        StemState stem = current.remember(completion.id());
        Optional<Stage> named = Optional.ofNullable(completion.task()).flatMap(Stage::ofTaskName);
        if (completion.task() != null && named.isEmpty()) {
            return reject(stem, completion, time, "completion names unknown task " + completion.task());
        }
        Stage awaited = current.phase().awaitedStage();
        Stage stage = named.orElse(awaited);
        if (stage == null || stage != awaited) {
            return reject(stem, completion, time, "completion" + (stage == null ? "" : " of stage " + stage)
                    + " but the stem is " + describe(current.phase()));
        }
        CompletionResult result = completion.result() == null
                ? CompletionResult.failure(null, null) : completion.result();
        if (!completion.succeeded()) {
            return fail(stem, completion.id(), time, stage, WORKER_ERROR, result.errorCode(), result.errorMessage());
        }
        switch (stage) {
            case ANALYSIS:
                StemState completed = stem.inPhase(Phase.COMPLETED, stem.attempt());
                return Transition.to(completed)
                        .event(new StemCompleted(completion.id() + "/completed", time, stem.stemId(),
                                result.audioDataHash() != null ? result.audioDataHash() : stem.audioHash(),
                                result.waveformDataPath(), result.fileSize(), result.duration(), result.sampleRate(),
                                result.numPeaks()))
                        .build();
            case DUPLICATE:
                return Transition.to(stem.inPhase(Phase.DUPLICATE, stem.attempt()))
                        .event(new DuplicateSettled(completion.id() + "/settled", time, stem.stemId()))
                        .build();
            default:
                return reject(stem, completion, time, "a hash result arrives through /webhook/hash-check, "
                        + "not as a successful completion");
        }
    }

    private Transition onDeleted(StemState current, StemDeleted deleted, Instant time) {
        if (current == null) {
            return reject(null, deleted, time, "deletion of an unknown stem");
        }
        if (current.phase() == Phase.DELETED) {
            return Transition.to(current.remember(deleted.id())).build();
        }
        StemState removed = current.remember(deleted.id()).inPhase(Phase.DELETED, current.attempt());
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
        StemState failed = stem.inPhase(Phase.FAILED, stem.attempt());
        Transition.Builder builder = Transition.to(failed)
                .event(new StemFailed(causeId + "/failed", time, stem.stemId(), stage, reason, errorCode,
                        errorMessage));
        if (stem.ownsClaim()) {
            builder.claim(new ClaimMessage.Release(stem.claimKey(), stem.stemId(), causeId));
        }
        return builder.build();
    }

    private static Transition reject(StemState state, InboundEvent event, Instant time, String reason) {
        return Transition.to(state)
                .event(new EventRejected(event.id() + "/rejected", time, event.stemId(), event.id(),
                        Codecs.INBOUND.typeOf(event), reason))
                .build();
    }

    private static StemRegistered registered(String causeId, Instant time, StemState stem) {
        return new StemRegistered(causeId + "/registered", time, stem.stemId(), stem.userId(), stem.trackId(),
                stem.filepath(), stem.originalFilename());
    }

    private static StageRequested requested(String causeId, Instant time, StemState stem, Stage stage) {
        return new StageRequested(causeId + "/requested-" + stage.name().toLowerCase() + "-" + stem.attempt(), time,
                stem.stemId(), stage, stem.attempt(), stage.taskId(stem.stemId(), stem.attempt()));
    }

    private static String describe(Phase phase) {
        return phase.name().toLowerCase().replace('_', ' ');
    }
}
