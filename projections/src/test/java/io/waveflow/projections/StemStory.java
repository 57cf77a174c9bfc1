package io.waveflow.projections;

import io.waveflow.contracts.Stage;
import io.waveflow.contracts.inbound.InboundEvent;
import io.waveflow.contracts.workflow.WorkflowEvent;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static io.waveflow.projections.InboundEvents.analysed;
import static io.waveflow.projections.InboundEvents.deleted;
import static io.waveflow.projections.InboundEvents.duplicateDeleted;
import static io.waveflow.projections.InboundEvents.hashReported;
import static io.waveflow.projections.InboundEvents.uploaded;
import static io.waveflow.projections.WorkflowEvents.FINISHED_AT;
import static io.waveflow.projections.WorkflowEvents.HASHED_AT;
import static io.waveflow.projections.WorkflowEvents.completedStem;
import static io.waveflow.projections.WorkflowEvents.duplicateStem;
import static io.waveflow.projections.WorkflowEvents.failed;
import static io.waveflow.projections.WorkflowEvents.hashClaimed;
import static io.waveflow.projections.WorkflowEvents.registered;
import static io.waveflow.projections.WorkflowEvents.rejected;
import static io.waveflow.projections.WorkflowEvents.removed;
import static io.waveflow.projections.WorkflowEvents.stageRequested;

/**
 * Everything both topics carry about one stem: what the bridge heard (inbound) and what the
 * workflow decided (workflow), each in its own topic order. The stories cover the seed's paths.
 */
public record StemStory(String stemId, List<InboundEvent> inbound, List<WorkflowEvent> workflow) {

    public StemStory {
        inbound = List.copyOf(inbound);
        workflow = List.copyOf(workflow);
    }

    public int size() {
        return inbound.size() + workflow.size();
    }

    public static StemStory completed(String stemId, String audioHash) {
        return new StemStory(stemId, List.of(uploaded(stemId), hashReported(stemId, audioHash), analysed(stemId, audioHash)),
                completedStem(stemId, audioHash));
    }

    public static StemStory duplicate(String stemId, String audioHash, String ownerStemId) {
        return new StemStory(stemId, List.of(uploaded(stemId), hashReported(stemId, audioHash), duplicateDeleted(stemId)),
                duplicateStem(stemId, audioHash, ownerStemId));
    }

    public static StemStory failedAnalysis(String stemId, String audioHash) {
        return new StemStory(stemId,
                List.of(uploaded(stemId), hashReported(stemId, audioHash),
                        InboundEvents.failedAnalysis(stemId, "DECODE_ERROR", "cannot decode")),
                List.of(registered(stemId), stageRequested(stemId, Stage.HASH, 1, WorkflowEvents.REGISTERED_AT),
                        hashClaimed(stemId, audioHash), stageRequested(stemId, Stage.ANALYSIS, 1, HASHED_AT),
                        failed(stemId, "DECODE_ERROR", "cannot decode")));
    }

    /** Completed, then deleted by its owner; a late repeated completion is rejected. */
    public static StemStory completedThenDeleted(String stemId, String audioHash) {
        StemStory completed = completed(stemId, audioHash);
        List<InboundEvent> inbound = new ArrayList<>(completed.inbound());
        inbound.add(deleted(stemId, FINISHED_AT.plusSeconds(60)));
        List<WorkflowEvent> workflow = new ArrayList<>(completed.workflow());
        workflow.add(removed(stemId, FINISHED_AT.plusSeconds(61)));
        workflow.add(rejected(stemId, stemId + ":analysed-again", FINISHED_AT.plusSeconds(62)));
        return new StemStory(stemId, inbound, workflow);
    }

    /** Uploaded, but the workflow has not decided anything yet. */
    public static StemStory justUploaded(String stemId) {
        return new StemStory(stemId, List.of(uploaded(stemId)), List.of());
    }

    /** {@code count} stories of every kind, reproducible from {@code seed}; stem ids start with {@code prefix}. */
    public static List<StemStory> mix(String prefix, int count, long seed) {
        Random random = new Random(seed);
        List<StemStory> stories = new ArrayList<>(count);
        String lastOwner = null;
        for (int i = 0; i < count; i++) {
            String stemId = prefix + "-" + i;
            String hash = "hash-" + prefix + "-" + i;
            int kind = random.nextInt(10);
            if (kind < 5 || lastOwner == null) {
                stories.add(completed(stemId, hash));
                lastOwner = stemId;
            } else if (kind < 7) {
                stories.add(duplicate(stemId, "hash-of-" + lastOwner, lastOwner));
            } else if (kind < 8) {
                stories.add(failedAnalysis(stemId, hash));
            } else if (kind < 9) {
                stories.add(completedThenDeleted(stemId, hash));
            } else {
                stories.add(justUploaded(stemId));
            }
        }
        return stories;
    }

    public static int events(List<StemStory> stories) {
        return stories.stream().mapToInt(StemStory::size).sum();
    }
}
