package io.waveflow.workflow.config;

import io.waveflow.contracts.Stage;
import io.waveflow.workflow.topology.ClaimScope;
import io.waveflow.workflow.topology.WorkflowSettings;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * Configuration of the workflow-streams service (prefix {@code waveflow.workflow}); every
 * property is listed in the README's configuration table.
 *
 * @param applicationId       Kafka Streams application id: consumer group and prefix of internal topics
 * @param stateDir            where RocksDB keeps the stores (rebuilt from changelogs when lost)
 * @param streamThreads       stream threads in this instance; scale out with more instances
 * @param commitInterval      how often a stream thread commits its transaction: a command becomes
 *                            visible downstream only then, once per hop (a hash check takes three)
 * @param claimScope          who competes for one audio hash
 * @param numPeaks            waveform peaks asked of analysis
 * @param hashDeadline        how long the hash stage may take per attempt
 * @param analysisDeadline    how long the analysis stage may take per attempt
 * @param duplicateDeadline   how long the duplicate clean-up may take per attempt
 * @param maxAttempts         attempts per stage before the stem fails
 * @param retryableErrorCodes worker error codes that earn another attempt
 * @param deadlineSweep       how often the deadline index is swept (wall clock)
 * @param partitions          partitions of topics this service creates when they are missing
 * @param replication         replication factor of those topics and of the changelogs
 * @param kafkaInstanceId     static membership: the Kafka group.instance.id of this
 *                            instance (unique per instance, stable across its restarts, e.g. the
 *                            pod name); a restarted instance then takes its partitions back at
 *                            once instead of after the session timeout. Blank: dynamic membership
 * @param advertisedServer    host:port other instances use to reach this one's query API
 */
@Validated
@ConfigurationProperties("waveflow.workflow")
public record WorkflowStreamsSettings(
        @NotBlank String applicationId,
        @NotBlank String stateDir,
        @Min(1) int streamThreads,
        @NotNull Duration commitInterval,
        @NotNull ClaimScope claimScope,
        @Min(1) int numPeaks,
        @NotNull Duration hashDeadline,
        @NotNull Duration analysisDeadline,
        @NotNull Duration duplicateDeadline,
        @Min(1) int maxAttempts,
        @NotNull Set<String> retryableErrorCodes,
        @NotNull Duration deadlineSweep,
        @Min(1) int partitions,
        @Min(1) short replication,
        @NotBlank String advertisedServer,
        String kafkaInstanceId) {

    public WorkflowStreamsSettings {
        if (commitInterval != null && commitInterval.toMillis() < 1) {
            throw new IllegalArgumentException("waveflow.workflow.commit-interval must be at least 1ms, was "
                    + commitInterval);
        }
    }

    public WorkflowSettings topology() {
        return new WorkflowSettings(claimScope, numPeaks,
                Map.of(Stage.HASH, hashDeadline, Stage.ANALYSIS, analysisDeadline, Stage.DUPLICATE, duplicateDeadline),
                maxAttempts, retryableErrorCodes, deadlineSweep);
    }
}
