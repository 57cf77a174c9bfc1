package io.waveflow.workflow.topology;

import io.waveflow.contracts.Stage;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What the topology needs to decide: who competes for a hash, what analysis asks for, how
 * long each worker stage may take, how often it is tried, and which worker error codes are
 * worth another attempt.
 */
public record WorkflowSettings(
        ClaimScope claimScope,
        int numPeaks,
        Map<Stage, Duration> deadlines,
        int maxAttempts,
        Set<String> retryableErrorCodes,
        Duration punctuationInterval) {

    public WorkflowSettings {
        Objects.requireNonNull(claimScope, "claimScope");
        if (numPeaks < 1) {
            throw new IllegalArgumentException("numPeaks must be positive, was " + numPeaks);
        }
        for (Stage stage : Stage.values()) {
            Duration deadline = deadlines.get(stage);
            if (deadline == null || deadline.isNegative() || deadline.isZero()) {
                throw new IllegalArgumentException("stage " + stage + " needs a positive deadline");
            }
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
        }
        if (punctuationInterval.isNegative() || punctuationInterval.isZero()) {
            throw new IllegalArgumentException("punctuationInterval must be positive");
        }
        deadlines = Map.copyOf(deadlines);
        retryableErrorCodes = Set.copyOf(retryableErrorCodes);
    }

    public static WorkflowSettings defaults() {
        Map<Stage, Duration> deadlines = new EnumMap<>(Stage.class);
        deadlines.put(Stage.HASH, Duration.ofMinutes(10));
        deadlines.put(Stage.ANALYSIS, Duration.ofMinutes(30));
        deadlines.put(Stage.DUPLICATE, Duration.ofMinutes(10));
        return new WorkflowSettings(ClaimScope.USER_TRACK, 1024, deadlines, 3,
                Set.of("RETRYABLE", "TIMEOUT", "UNAVAILABLE", "THROTTLED"), Duration.ofSeconds(1));
    }

    public Duration deadline(Stage stage) {
        return deadlines.get(stage);
    }

    public boolean isRetryable(String errorCode) {
        return errorCode != null && retryableErrorCodes.contains(errorCode);
    }
}
