package io.waveflow.bridge.config;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;
import java.util.Map;

/**
 * Every setting of the bridge, bound from {@code waveflow.bridge.*} and validated at start, so a
 * wrong value stops the application instead of surfacing on the first webhook or command.
 *
 * @param sqsQueueUrl         the queue every Celery task goes to unless {@code taskQueues} names another
 * @param taskQueues          Celery task name to queue URL, for tasks that need their own queue
 * @param publishTimeout      how long a webhook waits for Kafka to acknowledge its event
 * @param retryAfter          the {@code Retry-After} a webhook gets when Kafka did not acknowledge
 * @param sqsSendTimeout      how long one SendMessageBatch call may take before it counts as failed
 * @param sqsRetryInitial     the first pause before a batch SQS did not fully accept is retried
 * @param sqsRetryMax         the longest pause between retries (retries never stop)
 * @param consumerGroup       the Kafka consumer group of the command forwarder
 * @param topicPartitions     partitions of the Waveflow topics the bridge creates when missing
 * @param topicReplication    replication factor of those topics
 */
@ConfigurationProperties("waveflow.bridge")
@Validated
public record BridgeSettings(
        @NotBlank String sqsQueueUrl,
        Map<String, @NotBlank String> taskQueues,
        @NotNull @DurationMin(seconds = 1) @DefaultValue("10s") Duration publishTimeout,
        @NotNull @DurationMin(seconds = 1) @DefaultValue("5s") Duration retryAfter,
        @NotNull @DurationMin(seconds = 1) @DefaultValue("10s") Duration sqsSendTimeout,
        @NotNull @DurationMin(millis = 10) @DefaultValue("200ms") Duration sqsRetryInitial,
        @NotNull @DurationMin(millis = 10) @DefaultValue("30s") Duration sqsRetryMax,
        @NotBlank @DefaultValue("waveflow-bridge") String consumerGroup,
        @Min(1) @DefaultValue("4") int topicPartitions,
        @Min(1) @Max(Short.MAX_VALUE) @DefaultValue("1") int topicReplication) {

    public BridgeSettings {
        taskQueues = taskQueues == null ? Map.of() : Map.copyOf(taskQueues);
    }

    @AssertTrue(message = "sqs-retry-max must not be shorter than sqs-retry-initial")
    public boolean isRetryRangeValid() {
        return sqsRetryInitial == null || sqsRetryMax == null || sqsRetryMax.compareTo(sqsRetryInitial) >= 0;
    }
}
