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
 * @param consumerGroup         prefix of the Kafka consumer groups; generation n consumes as
 *                              {@code <consumerGroup>-g<n>}. Positions live in PostgreSQL, the
 *                              group only spreads partitions over threads and instances
 * @param listenerConcurrency   consumer threads per generation in this instance; more than the
 *                              topics' partitions only idle
 * @param topicPartitions       partitions of the Waveflow topics when this service creates them
 * @param topicReplication      replication factor of the Waveflow topics when this service creates them
 * @param retryInitialBackoff   first pause before a failed batch (e.g. PostgreSQL away) is retried
 * @param retryMaxBackoff       longest pause between retries; retries never give up
 * @param deadLetterSendTimeout how long to wait for the broker to accept a dead letter
 * @param pollTimeout           longest wait of one poll for records
 * @param superviseInterval     how often consumers are reconciled with the generations in the
 *                              database and a rebuild is moved along
 * @param rebuildSwitchLag      records the building generation may trail the live one before the
 *                              live one is frozen for the switch; readers see frozen data for
 *                              about the time it takes to apply this many records
 * @param switchLockTimeout     longest wait of the switch (and of dropping old tables) for
 *                              readers' locks; readers queue behind it for no longer
 * @param metricsInterval       how often the read-model gauges (stems by status and stage, oldest
 *                              in flight, recent outcomes, lag) are computed again
 * @param kafkaInstanceId       static membership: the Kafka group.instance.id of this
 *                              instance (unique per instance, stable across its restarts, e.g. the
 *                              pod name); a restarted instance then takes its partitions back at
 *                              once instead of after the session timeout. Each consumer of a
 *                              generation gets its own id from it. Blank: dynamic membership
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
        @NotNull Duration deadLetterSendTimeout,
        @NotNull Duration pollTimeout,
        @NotNull Duration superviseInterval,
        @Min(0) long rebuildSwitchLag,
        @NotNull Duration switchLockTimeout,
        @NotNull Duration metricsInterval,
        String kafkaInstanceId) {
}
