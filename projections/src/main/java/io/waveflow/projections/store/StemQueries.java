package io.waveflow.projections.store;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

/** Reads the stem read model for the REST API. */
public class StemQueries {

    private static final String FIND_STEM = "SELECT * FROM stem WHERE stem_id = ?";

    private static final String HISTORY = """
            SELECT event_id, event_type, event_time, payload::text AS payload
            FROM stem_history
            WHERE stem_id = ?
            ORDER BY event_time, seq
            """;

    private static final RowMapper<Stem> STEM = (row, rowNumber) -> new Stem(
            row.getString("stem_id"),
            row.getString("user_id"),
            row.getString("track_id"),
            row.getString("filepath"),
            row.getString("original_filename"),
            row.getString("audio_hash"),
            row.getString("waveform_data_path"),
            row.getObject("file_size", Long.class),
            row.getObject("duration", Double.class),
            row.getObject("sample_rate", Integer.class),
            row.getObject("num_peaks", Integer.class),
            instant(row, "processed_at"),
            row.getString("status"),
            row.getString("error_message"),
            row.getString("error_code"),
            row.getString("duplicate_of"),
            row.getString("stage"),
            row.getObject("attempts", Integer.class),
            instant(row, "created_at"),
            instant(row, "updated_at"));

    private static final RowMapper<HistoryEntry> HISTORY_ENTRY = (row, rowNumber) -> new HistoryEntry(
            row.getString("event_id"),
            row.getString("event_type"),
            instant(row, "event_time"),
            row.getString("payload"));

    private final JdbcTemplate jdbc;

    public StemQueries(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<Stem> findStem(String stemId) {
        return jdbc.query(FIND_STEM, STEM, stemId).stream().findFirst();
    }

    /** The stem's events in time order, ties in the order they were recorded; empty for an unknown stem. */
    public List<HistoryEntry> history(String stemId) {
        return jdbc.query(HISTORY, HISTORY_ENTRY, stemId);
    }

    private static Instant instant(ResultSet row, String column) throws SQLException {
        OffsetDateTime time = row.getObject(column, OffsetDateTime.class);
        return time == null ? null : time.toInstant();
    }
}
