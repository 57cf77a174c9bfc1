package io.waveflow.bridge.outbox;

import io.waveflow.bridge.BridgeApplication;
import io.waveflow.infra.SharedInfra;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * A whole bridge with outbox capture enabled against {@link OutboxServers}, started and stopped
 * by the test itself so a test can stop it mid-stream. Each instance has its own replication slot,
 * publication and engine name (offset key), so tests do not see each other's positions.
 */
final class OutboxBridge implements AutoCloseable {

    private final String name;
    private final Map<String, Object> properties;
    private ConfigurableApplicationContext context;

    OutboxBridge(String name) {
        this(name, Map.of());
    }

    /** @param extra properties added to (or replacing) the defaults below */
    OutboxBridge(String name, Map<String, String> extra) {
        this.name = name;
        OutboxServers servers = OutboxServers.get();
        Map<String, Object> defaults = Map.ofEntries(
                Map.entry("server.port", "0"),
                Map.entry("spring.kafka.bootstrap-servers", servers.kafka().bootstrapServers()),
                Map.entry("spring.cloud.aws.sqs.endpoint", servers.sqs().endpoint()),
                Map.entry("spring.cloud.aws.region.static", servers.sqs().region()),
                Map.entry("waveflow.bridge.sqs-queue-url", servers.sqs().queueUrl(SharedInfra.AUDIO_PROCESS_QUEUE)),
                Map.entry("waveflow.bridge.webhook.verify-signatures", "false"),
                Map.entry("waveflow.bridge.outbox.enabled", "true"),
                Map.entry("waveflow.bridge.outbox.database-url", servers.jdbcUrl()),
                Map.entry("waveflow.bridge.outbox.username", servers.postgres().username()),
                Map.entry("waveflow.bridge.outbox.password", servers.postgres().password()),
                Map.entry("waveflow.bridge.outbox.create-table", "true"),
                Map.entry("waveflow.bridge.outbox.slot-name", name),
                Map.entry("waveflow.bridge.outbox.publication-name", name),
                Map.entry("waveflow.bridge.outbox.engine-name", "outbox-it-" + name),
                Map.entry("waveflow.bridge.outbox.offset-flush-interval", "500ms"),
                Map.entry("waveflow.bridge.outbox.heartbeat-interval", "1s"),
                Map.entry("waveflow.bridge.outbox.lag-poll-interval", "500ms"));
        Map<String, Object> all = new TreeMap<>(defaults);
        all.putAll(extra);
        this.properties = Map.copyOf(all);
    }

    /** A slot, publication and engine name no other test uses. */
    static String uniqueName(String prefix) {
        return prefix + "_" + UUID.randomUUID().toString().substring(0, 8);
    }

    OutboxBridge start() {
        context = new SpringApplicationBuilder(BridgeApplication.class).run(arguments().toArray(String[]::new));
        return this;
    }

    /**
     * The settings as command-line arguments (builder properties would be defaults, which
     * application.yml overrides); also how {@link OutboxBridgeProcess} configures a bridge in a child JVM.
     */
    List<String> arguments() {
        return properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toList();
    }

    ConfigurableApplicationContext context() {
        return context;
    }

    void stop() {
        if (context != null) {
            context.close();
            context = null;
        }
    }

    /** Stops the bridge and removes its slot and publication, so the WAL is not retained after the test. */
    @Override
    public void close() throws SQLException {
        stop();
        try (Connection connection = connect();
             PreparedStatement dropSlot = connection.prepareStatement(
                     "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = ?")) {
            dropSlot.setString(1, name);
            dropSlot.execute();
            connection.createStatement().execute("DROP PUBLICATION IF EXISTS " + name);
        }
    }

    static Connection connect() throws SQLException {
        OutboxServers servers = OutboxServers.get();
        return DriverManager.getConnection(servers.jdbcUrl(), servers.postgres().username(),
                servers.postgres().password());
    }
}
