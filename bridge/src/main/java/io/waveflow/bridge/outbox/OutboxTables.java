package io.waveflow.bridge.outbox;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The outbox contract's tables: {@code waveflow_outbox} and its heartbeat table, in a configurable
 * schema. The migration is the classpath file {@value #MIGRATION} with unqualified names (an
 * application can add it to its own migrations as is); the bridge applies it with plain JDBC and a
 * {@code search_path}, because it has no other use for a schema tool or a connection pool.
 */
public final class OutboxTables {

    public static final String OUTBOX = "waveflow_outbox";
    public static final String HEARTBEAT = "waveflow_outbox_heartbeat";
    public static final String MIGRATION = "outbox/V1__waveflow_outbox.sql";

    private static final Logger log = LoggerFactory.getLogger(OutboxTables.class);

    private OutboxTables() {
    }

    public static String qualified(String schema, String table) {
        return schema + "." + table;
    }

    /** Run by Debezium at every heartbeat; one row, rewritten. */
    public static String heartbeatQuery(String schema) {
        return "INSERT INTO " + qualified(schema, HEARTBEAT)
                + " (id, beat_at) VALUES (1, now()) ON CONFLICT (id) DO UPDATE SET beat_at = excluded.beat_at";
    }

    /** Applies the migration in one transaction, in {@code schema} (created if missing); it only creates what is missing. */
    public static void create(String jdbcUrl, String username, String password, String schema) {
        String sql = migration();
        try (Connection connection = DriverManager.getConnection(jdbcUrl, username, password);
             Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            statement.execute("CREATE SCHEMA IF NOT EXISTS " + schema);
            statement.execute("SET LOCAL search_path TO " + schema);
            statement.execute(sql);
            connection.commit();
            log.info("Outbox tables {} and {} are in place on {}", qualified(schema, OUTBOX),
                    qualified(schema, HEARTBEAT), jdbcUrl);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create the outbox tables on " + jdbcUrl + ": " + e.getMessage(), e);
        }
    }

    static String migration() {
        try (InputStream in = OutboxTables.class.getClassLoader().getResourceAsStream(MIGRATION)) {
            if (in == null) {
                throw new IllegalStateException(MIGRATION + " is not on the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
