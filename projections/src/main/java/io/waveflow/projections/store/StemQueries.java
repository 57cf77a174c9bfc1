package io.waveflow.projections.store;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads the stem read model for the REST API, always through the views {@code stem} and
 * {@code stem_history}: they point at the live generation, and a rebuild repoints them in one
 * transaction, so a reader never sees half of a switch.
 */
public class StemQueries {

    private static final String FIND_STEM = "SELECT * FROM stem WHERE stem_id = ?";

    /**
     * Timeline order: by time; at equal times an inbound event before the workflow events it caused;
     * then by position in the topic, which makes the order the same in every generation.
     */
    private static final String HISTORY = """
            SELECT event_id, event_type, event_time, payload::text AS payload
            FROM stem_history
            WHERE stem_id = ?
            ORDER BY event_time, source = 'workflow', source_partition, source_offset, event_id
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

    /**
     * Up to {@code limit} stems matching {@code filter} with ids after {@code afterStemId} (null
     * for the first page), in stem id order: keyset pagination, so a page costs the same wherever
     * it starts and rows written meanwhile neither repeat nor shift later pages.
     */
    public StemSlice list(StemFilter filter, String afterStemId, int limit) {
        StringBuilder sql = new StringBuilder("SELECT * FROM stem WHERE true");
        List<Object> arguments = new ArrayList<>();
        condition(sql, arguments, "user_id", filter.userId());
        condition(sql, arguments, "track_id", filter.trackId());
        condition(sql, arguments, "status", filter.status());
        if (afterStemId != null) {
            sql.append(" AND stem_id > ?");
            arguments.add(afterStemId);
        }
        sql.append(" ORDER BY stem_id LIMIT ?");
        arguments.add(limit + 1);
        List<Stem> stems = jdbc.query(sql.toString(), STEM, arguments.toArray());
        boolean more = stems.size() > limit;
        return new StemSlice(more ? stems.subList(0, limit) : stems, more);
    }

    /** The stem's events in timeline order; empty for an unknown stem. */
    public List<HistoryEntry> history(String stemId) {
        return jdbc.query(HISTORY, HISTORY_ENTRY, stemId);
    }

    private static void condition(StringBuilder sql, List<Object> arguments, String column, String value) {
        if (value != null) {
            sql.append(" AND ").append(column).append(" = ?");
            arguments.add(value);
        }
    }

    private static Instant instant(ResultSet row, String column) throws SQLException {
        OffsetDateTime time = row.getObject(column, OffsetDateTime.class);
        return time == null ? null : time.toInstant();
    }
}
