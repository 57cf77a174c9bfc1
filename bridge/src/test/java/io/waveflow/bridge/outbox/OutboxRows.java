package io.waveflow.bridge.outbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.UUID;

/** Writes outbox rows as an application would, each call in its own transaction. */
final class OutboxRows {

    static final String INSERT = "INSERT INTO waveflow_outbox (id, aggregatetype, aggregateid, type, payload) "
            + "VALUES (?::uuid, 'stem', ?, ?, ?::jsonb)";

    private OutboxRows() {
    }

    static String uploadPayload(String stemId) {
        return "{\"userId\":\"user-1\",\"trackId\":\"track-1\",\"stemId\":\"" + stemId + "\","
                + "\"filepath\":\"stems/" + stemId + ".wav\",\"original_filename\":\"bass.wav\"}";
    }

    static String deletePayload() {
        return "{\"userId\":\"user-1\",\"trackId\":\"track-1\"}";
    }

    /** Inserts one row in its own transaction and returns its id. */
    static String insert(String stemId, String type, String payload) throws SQLException {
        String id = UUID.randomUUID().toString();
        try (Connection connection = OutboxBridge.connect();
             PreparedStatement insert = connection.prepareStatement(INSERT)) {
            insert(insert, id, stemId, type, payload);
        }
        return id;
    }

    /** Inserts one row with {@code insert}, a prepared {@link #INSERT}, in the connection's transaction. */
    static void insert(PreparedStatement insert, String id, String stemId, String type, String payload)
            throws SQLException {
        insert.setString(1, id);
        insert.setString(2, stemId);
        insert.setString(3, type);
        insert.setString(4, payload);
        insert.executeUpdate();
    }
}
