package io.waveflow.workflow.topology;

import java.util.Objects;

/** What the topology needs to decide: who competes for a hash and what analysis asks for. */
public record WorkflowSettings(ClaimScope claimScope, int numPeaks) {

    public WorkflowSettings {
        Objects.requireNonNull(claimScope, "claimScope");
        if (numPeaks < 1) {
            throw new IllegalArgumentException("numPeaks must be positive, was " + numPeaks);
        }
    }

    public static WorkflowSettings defaults() {
        return new WorkflowSettings(ClaimScope.USER_TRACK, 1024);
    }
}
