package io.waveflow.projections.config;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * Everything the projections service lets an operator choose, bound from
 * {@code waveflow.projections.*}. Connection settings stay under Boot's own {@code spring.kafka.*}
 * and {@code spring.datasource.*}; see CONFIGURATION.md for the full table.
 *
 * @param consumerGroup         Kafka consumer group of the read-model builder; a new group reads
 *                              the workflow topic from its beginning, which is how a rebuild starts
 * @param listenerConcurrency   consumer threads; more than the topic's partitions only idle
 * @param topicPartitions       partitions of the Waveflow topics when this service creates them
 * @param topicReplication      replication factor of the Waveflow topics when this service creates them
 * @param retryInitialBackoff   first pause before a failed batch (e.g. PostgreSQL away) is retried
 * @param retryMaxBackoff       longest pause between retries; retries never give up
 * @param deadLetterSendTimeout how long to wait for the broker to accept a dead letter
 */
@ConfigurationProperties("waveflow.projections")
@Validated
public record ProjectionsSettings(
        @NotBlank String consumerGroup,
        @Min(1) int listenerConcurrency,
        @Min(1) int topicPartitions,
        @Min(1) @Max(Short.MAX_VALUE) int topicReplication,
        @NotNull Duration retryInitialBackoff,
        @NotNull Duration retryMaxBackoff,
        @NotNull Duration deadLetterSendTimeout) {
}
