package io.waveflow.bridge.config;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.net.URI;
import java.time.Duration;

/**
 * Settings of the transactional outbox capture, bound from {@code waveflow.bridge.outbox.*} only
 * when {@code waveflow.bridge.outbox.enabled=true}; a bridge without an outbox needs no database.
 *
 * @param enabled            runs the Debezium engine in this bridge
 * @param databaseUrl        JDBC URL of the application's database, {@code jdbc:postgresql://host:port/db}
 * @param username           a user with the REPLICATION attribute (or a superuser) that owns or may publish the outbox table
 * @param password           its password; never logged
 * @param createTable        applies {@code outbox/V1__waveflow_outbox.sql} (idempotent) at start
 * @param schema             the schema of the outbox tables; created with them when {@code createTable}
 * @param slotName           the logical replication slot; one per bridge deployment
 * @param publicationName    the publication, created by Debezium for the outbox tables only
 * @param snapshotMode       Debezium {@code snapshot.mode}; {@code initial} captures rows written before the first start
 * @param engineName         Debezium engine name, {@code topic.prefix} and key of the stored offsets
 * @param offsetTopic        compacted Kafka topic the engine's offsets are stored in
 * @param offsetTopicReplication replication factor of that topic
 * @param offsetFlushInterval how often processed positions are stored and confirmed to PostgreSQL
 * @param heartbeatInterval  how often the engine writes a heartbeat row so a quiet outbox lets the slot advance
 * @param lagPollInterval    how often the replication slot's lag is read for the metric
 * @param standbyPollInterval how often a bridge whose slot another bridge holds checks whether it is free; also
 *                           the first pause before a new engine after an error
 * @param restartBackoffMax  the longest pause before a new engine after errors in a row (the pause doubles up to it)
 */
@ConfigurationProperties("waveflow.bridge.outbox")
@Validated
public record OutboxSettings(
        boolean enabled,
        @NotBlank @Pattern(regexp = "jdbc:postgresql://[^/]+/[^?/]+(\\?.*)?",
                message = "must look like jdbc:postgresql://host:port/database") String databaseUrl,
        @NotBlank String username,
        String password,
        @DefaultValue("false") boolean createTable,
        @NotBlank @Pattern(regexp = "[a-z_][a-z0-9_]{0,62}", message = "must be a lower-case SQL identifier")
        @DefaultValue("public") String schema,
        @NotBlank @Pattern(regexp = "[a-z0-9_]{1,63}", message = "must be lower-case letters, digits and _")
        @DefaultValue("waveflow_outbox") String slotName,
        @NotBlank @DefaultValue("waveflow_outbox") String publicationName,
        @NotBlank @DefaultValue("initial") String snapshotMode,
        @NotBlank @DefaultValue("waveflow-bridge-outbox") String engineName,
        @NotBlank @DefaultValue("waveflow.bridge.outbox-offsets") String offsetTopic,
        @Min(1) @Max(Short.MAX_VALUE) @DefaultValue("1") int offsetTopicReplication,
        @NotNull @DurationMin(millis = 100) @DefaultValue("5s") Duration offsetFlushInterval,
        @NotNull @DurationMin(millis = 100) @DefaultValue("10s") Duration heartbeatInterval,
        @NotNull @DurationMin(millis = 100) @DefaultValue("30s") Duration lagPollInterval,
        @NotNull @DurationMin(millis = 100) @DefaultValue("5s") Duration standbyPollInterval,
        @NotNull @DurationMin(millis = 100) @DefaultValue("1m") Duration restartBackoffMax) {

    /** {@code host:port/database} of {@link #databaseUrl()}. */
    public URI database() {
        return URI.create(databaseUrl.substring("jdbc:".length()));
    }

    public String databaseName() {
        return database().getPath().substring(1);
    }

    @AssertTrue(message = "database-url must name a host and a port")
    public boolean isDatabaseUrlComplete() {
        if (databaseUrl == null || !databaseUrl.startsWith("jdbc:postgresql://")) {
            return true;
        }
        try {
            URI uri = database();
            return uri.getHost() != null && uri.getPort() > 0;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @AssertTrue(message = "restart-backoff-max must not be shorter than standby-poll-interval")
    public boolean isRestartBackoffAtLeastThePollInterval() {
        return standbyPollInterval == null || restartBackoffMax == null
                || restartBackoffMax.compareTo(standbyPollInterval) >= 0;
    }

    /** Never printed: the password stays out of logs and failure reports. */
    @Override
    public String toString() {
        return "OutboxSettings[databaseUrl=" + databaseUrl + ", username=" + username + ", schema=" + schema + ", slotName=" + slotName
                + ", publicationName=" + publicationName + ", snapshotMode=" + snapshotMode + ", engineName="
                + engineName + ", offsetTopic=" + offsetTopic + "]";
    }
}
