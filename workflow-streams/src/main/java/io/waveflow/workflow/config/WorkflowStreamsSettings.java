package io.waveflow.workflow.config;

import io.waveflow.workflow.topology.ClaimScope;
import io.waveflow.workflow.topology.WorkflowSettings;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Configuration of the workflow-streams service (prefix {@code waveflow.workflow}); every
 * property is listed in the README's configuration table.
 *
 * @param applicationId    Kafka Streams application id: consumer group and prefix of internal topics
 * @param stateDir         where RocksDB keeps the stores (rebuilt from changelogs when lost)
 * @param streamThreads    stream threads in this instance; scale out with more instances
 * @param claimScope       who competes for one audio hash
 * @param numPeaks         waveform peaks asked of analysis
 * @param partitions       partitions of topics this service creates when they are missing
 * @param replication      replication factor of those topics and of the changelogs
 * @param advertisedServer host:port other instances use to reach this one's query API
 */
@Validated
@ConfigurationProperties("waveflow.workflow")
public record WorkflowStreamsSettings(
        @NotBlank String applicationId,
        @NotBlank String stateDir,
        @Min(1) int streamThreads,
        @NotNull ClaimScope claimScope,
        @Min(1) int numPeaks,
        @Min(1) int partitions,
        @Min(1) short replication,
        @NotBlank String advertisedServer) {

    public WorkflowSettings topology() {
        return new WorkflowSettings(claimScope, numPeaks);
    }
}
