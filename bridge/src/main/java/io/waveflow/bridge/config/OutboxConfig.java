package io.waveflow.bridge.config;

import io.micrometer.core.instrument.MeterRegistry;
import io.waveflow.bridge.inbound.DeadLetterSink;
import io.waveflow.bridge.inbound.InboundPublisher;
import io.waveflow.bridge.outbox.OutboxChangeHandler;
import io.waveflow.bridge.outbox.OutboxEngine;
import io.waveflow.bridge.outbox.OutboxRole;
import io.waveflow.bridge.outbox.OutboxTables;
import io.waveflow.bridge.outbox.SlotLagMonitor;
import io.waveflow.bridge.outbox.SlotProbe;
import org.apache.kafka.clients.CommonClientConfigs;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.StringUtils;

import java.net.URI;
import java.time.Clock;
import java.util.Properties;

/**
 * The transactional outbox capture, wired only when {@code waveflow.bridge.outbox.enabled=true}:
 * a Debezium embedded engine (pgoutput, a publication of the outbox tables only, offsets in a
 * compacted Kafka topic) whose records the {@link OutboxChangeHandler} publishes through the
 * webhooks' acknowledged producer. JDBC is used directly; no DataSource is configured.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty("waveflow.bridge.outbox.enabled")
@EnableConfigurationProperties(OutboxSettings.class)
public class OutboxConfig {

    @Bean
    OutboxChangeHandler outboxChangeHandler(OutboxSettings settings, InboundPublisher inboundPublisher,
                                            DeadLetterSink deadLetterSink, MeterRegistry meterRegistry,
                                            Clock clock) {
        String outboxTopic = settings.engineName() + "." + OutboxTables.qualified(settings.schema(), OutboxTables.OUTBOX);
        return new OutboxChangeHandler(outboxTopic, inboundPublisher, deadLetterSink, meterRegistry, clock);
    }

    @Bean
    OutboxEngine outboxEngine(OutboxSettings settings, OutboxChangeHandler outboxChangeHandler,
                              KafkaConnectionDetails kafka, MeterRegistry meterRegistry) {
        KafkaConnectionDetails.Configuration admin = kafka.getAdmin();
        Runnable beforeStart = settings.createTable()
                ? () -> OutboxTables.create(settings.databaseUrl(), settings.username(), settings.password(),
                        settings.schema())
                : () -> { };
        SlotProbe slot = new SlotProbe(settings.databaseUrl(), settings.username(), settings.password(),
                settings.slotName());
        OutboxEngine engine = new OutboxEngine(engineProperties(settings, String.join(",", admin.getBootstrapServers()),
                admin.getSecurityProtocol()), outboxChangeHandler, beforeStart, slot::holder,
                settings.standbyPollInterval(), settings.restartBackoffMax());
        engine.bindTo(meterRegistry);
        return engine;
    }

    @Bean(destroyMethod = "close")
    SlotLagMonitor slotLagMonitor(OutboxSettings settings, MeterRegistry meterRegistry) {
        SlotLagMonitor monitor = new SlotLagMonitor(settings.databaseUrl(), settings.username(),
                settings.password(), settings.slotName(), meterRegistry);
        monitor.start(settings.lagPollInterval());
        return monitor;
    }

    /**
     * UP while this bridge captures ({@code role: active}) or stands by for the slot ({@code standby});
     * DOWN while capture is stopped on an error and is retried ({@code recovering}). The slot lag is a detail.
     */
    @Bean
    HealthIndicator outboxHealthIndicator(OutboxEngine outboxEngine, SlotLagMonitor slotLagMonitor) {
        return () -> {
            OutboxRole role = outboxEngine.role();
            Health.Builder health = role == OutboxRole.RECOVERING
                    ? Health.down().withDetail("capture", "stopped on an error, trying again; see the bridge log")
                    : Health.up();
            return health.withDetail("role", role.label()).withDetail("slotLagBytes", slotLagMonitor.lagBytes()).build();
        };
    }

    /** The whole engine and connector configuration; everything not listed keeps Debezium's default. */
    static Properties engineProperties(OutboxSettings settings, String bootstrapServers, String securityProtocol) {
        URI database = settings.database();
        Properties props = new Properties();
        props.setProperty("name", settings.engineName());
        props.setProperty("connector.class", "io.debezium.connector.postgresql.PostgresConnector");
        props.setProperty("tasks.max", "1");
        // One record-processing thread, batches in commit order: a stem's events reach Kafka in the order written.
        props.setProperty("record.processing.threads", "1");
        props.setProperty("record.processing.order", "ORDERED");

        // Offsets live in Kafka, beside the events, and survive a new container.
        props.setProperty("offset.storage", "org.apache.kafka.connect.storage.KafkaOffsetBackingStore");
        props.setProperty("offset.storage.topic", settings.offsetTopic());
        props.setProperty("offset.storage.partitions", "1");
        props.setProperty("offset.storage.replication.factor", String.valueOf(settings.offsetTopicReplication()));
        props.setProperty("offset.flush.interval.ms", String.valueOf(settings.offsetFlushInterval().toMillis()));
        props.setProperty("bootstrap.servers", bootstrapServers);
        if (StringUtils.hasLength(securityProtocol)) {
            props.setProperty(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, securityProtocol);
        }

        props.setProperty("database.hostname", database.getHost());
        props.setProperty("database.port", String.valueOf(database.getPort()));
        props.setProperty("database.dbname", settings.databaseName());
        props.setProperty("database.user", settings.username());
        props.setProperty("database.password", settings.password() == null ? "" : settings.password());
        props.setProperty("topic.prefix", settings.engineName());

        props.setProperty("plugin.name", "pgoutput");
        props.setProperty("slot.name", settings.slotName());
        props.setProperty("publication.name", settings.publicationName());
        props.setProperty("publication.autocreate.mode", "filtered");
        props.setProperty("table.include.list", OutboxTables.qualified(settings.schema(), OutboxTables.OUTBOX)
                + "," + OutboxTables.qualified(settings.schema(), OutboxTables.HEARTBEAT));
        // initial: rows written before the first start are captured too; a repeated snapshot (offsets
        // lost) re-emits rows still in the table with their ids, which the workflow drops as duplicates.
        props.setProperty("snapshot.mode", settings.snapshotMode());
        props.setProperty("tombstones.on.delete", "false");

        props.setProperty("heartbeat.interval.ms", String.valueOf(settings.heartbeatInterval().toMillis()));
        props.setProperty("heartbeat.action.query", OutboxTables.heartbeatQuery(settings.schema()));
        // Errors stop the engine instead of being retried inside it: the OutboxEngine's supervisor starts
        // a new one once the slot is free. Inside Debezium, a slot held by another bridge would be retried
        // every 10 s with a stack trace, forever (errors.max.retries=-1), and never let this bridge stand by.
        props.setProperty("errors.max.retries", "0");
        props.setProperty("slot.max.retries", "0");
        return props;
    }
}
