package io.waveflow.bridge.outbox;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Reads whether a process is streaming from the outbox's replication slot. PostgreSQL lets one
 * connection stream from a slot at a time and frees it when that connection's socket closes, so a
 * standby bridge only has to look here to know when to take over.
 */
public final class SlotProbe {

    static final String QUERY = "SELECT active_pid FROM pg_replication_slots WHERE slot_name = ? AND active";

    private final String jdbcUrl;
    private final String username;
    private final String password;
    private final String slotName;

    public SlotProbe(String jdbcUrl, String username, String password, String slotName) {
        this.jdbcUrl = jdbcUrl;
        this.username = username;
        this.password = password;
        this.slotName = slotName;
    }

    /**
     * The server process streaming from the slot, or {@code 0} when the slot is free or does not
     * exist yet (the first engine creates it).
     */
    public int holder() throws SQLException {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, username, password);
             PreparedStatement query = connection.prepareStatement(QUERY)) {
            query.setString(1, slotName);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? rows.getInt(1) : 0;
            }
        }
    }
}
