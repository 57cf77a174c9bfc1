package io.waveflow.bridge.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

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
 * @param webhook             how webhook requests are admitted: signatures and body size
 * @param kafkaInstanceId     static membership: the Kafka group.instance.id of this
 *                            instance (unique per instance, stable across its restarts, e.g. the
 *                            pod name); a restarted instance then takes its partitions back at
 *                            once instead of after the session timeout. Blank: dynamic membership
 * @param consoleOrigins      the origins ({@code scheme://host[:port]}) whose pages may call
 *                            {@code /admin/stems/**} from a browser (CORS): the operator console
 *                            served by projections; empty allows none
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
        @Min(1) @Max(Short.MAX_VALUE) @DefaultValue("1") int topicReplication,
        @NotNull @Valid @DefaultValue Webhook webhook,
        @DefaultValue("http://127.0.0.1:8082") List<String> consoleOrigins,
        @DefaultValue("") String kafkaInstanceId) {

    /** What a browser sends as its Origin header: scheme, host, port if any; no path, no trailing slash. */
    private static final Pattern ORIGIN = Pattern.compile("https?://([A-Za-z0-9.-]+|\\[[0-9A-Fa-f:.]+])(:[0-9]{1,5})?");

    public BridgeSettings {
        taskQueues = taskQueues == null ? Map.of() : Map.copyOf(taskQueues);
        // WAVEFLOW_CONSOLE_ORIGINS=" a, b ," means a and b; empty means no browser origin at all.
        consoleOrigins = consoleOrigins == null ? List.of()
                : consoleOrigins.stream().filter(Objects::nonNull).map(String::trim).filter(o -> !o.isEmpty()).toList();
    }

    @AssertTrue(message = "console-origins must be origins such as http://127.0.0.1:8082 (scheme, host and port, "
            + "no path, no trailing slash, no wildcard)")
    public boolean isConsoleOriginsValid() {
        return consoleOrigins.stream().allMatch(origin -> ORIGIN.matcher(origin).matches());
    }

    /**
     * Admission of webhook requests ({@code waveflow.bridge.webhook.*}).
     *
     * @param secrets            the active signing secrets; a signature made with any of them is accepted
     * @param verifySignatures   false only for development: then no signature is checked
     * @param signatureTolerance how far a signature's time may lie in the past or the future
     * @param maxBodySize        the largest body accepted; larger ones get 413
     */
    public record Webhook(
            List<String> secrets,
            @DefaultValue("true") boolean verifySignatures,
            @NotNull @DurationMin(seconds = 1) @DefaultValue("300s") Duration signatureTolerance,
            @NotNull @DefaultValue("64KB") DataSize maxBodySize) {

        public static final int MIN_SECRET_LENGTH = 16;

        public Webhook {
            // WAVEFLOW_WEBHOOK_SECRETS=" a, b ," means the secrets a and b.
            secrets = secrets == null ? List.of()
                    : secrets.stream().filter(Objects::nonNull).map(String::trim).filter(s -> !s.isEmpty()).toList();
        }

        @AssertTrue(message = "is empty while signature verification is on: set WAVEFLOW_WEBHOOK_SECRETS to one or "
                + "more comma-separated secrets (the local stack generates one), or turn verification off "
                + "explicitly with WAVEFLOW_WEBHOOK_VERIFY=false (development only)")
        public boolean isSecrets() {
            return !verifySignatures || !secrets.isEmpty();
        }

        @AssertTrue(message = "each secret must be at least " + MIN_SECRET_LENGTH + " characters long")
        public boolean isSecretsLongEnough() {
            return secrets.stream().allMatch(secret -> secret.length() >= MIN_SECRET_LENGTH);
        }

        @AssertTrue(message = "must be between 1 byte and 16MB")
        public boolean isMaxBodySizeInRange() {
            return maxBodySize == null
                    || maxBodySize.toBytes() >= 1 && maxBodySize.toBytes() <= DataSize.ofMegabytes(16).toBytes();
        }

        /** Never printed: secrets stay out of logs and failure reports. */
        @Override
        public String toString() {
            return "Webhook[secrets=" + secrets.size() + " hidden, verifySignatures=" + verifySignatures
                    + ", signatureTolerance=" + signatureTolerance + ", maxBodySize=" + maxBodySize + "]";
        }
    }

    @AssertTrue(message = "sqs-retry-max must not be shorter than sqs-retry-initial")
    public boolean isRetryRangeValid() {
        return sqsRetryInitial == null || sqsRetryMax == null || sqsRetryMax.compareTo(sqsRetryInitial) >= 0;
    }
}
