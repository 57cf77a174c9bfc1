package io.waveflow.projections.store;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the stem read model for the REST API, always through the views {@code stem} and
 * {@code stem_history}: they point at the live generation, and a rebuild repoints them in one
 * transaction, so a reader never sees half of a switch.
 */
public class StemQueries {

    private static final String FIND_STEM = "SELECT * FROM stem WHERE stem_id = ?";

    /**
     * When the current stage started. Rows last written before migration V3 have no
     * stage_started_at; their last update stands in (see {@link StageStart#of}). The stage-start
     * index of every generation (V3) is on this very expression and condition.
     */
    private static final String STAGE_START = "COALESCE(stage_started_at, updated_at)";
    private static final String IN_A_STAGE = "stage <> '" + StemChanges.STAGE_DONE + "'";

    /** The CloudEvents types (Codecs.WORKFLOW) the timeline counts; V3's partial history index names the same three. */
    static final String COMPLETED_TYPE = "io.waveflow.workflow.StemCompleted.v1";
    static final String DUPLICATE_TYPE = "io.waveflow.workflow.DuplicateDetected.v1";
    static final String FAILED_TYPE = "io.waveflow.workflow.StemFailed.v1";

    /**
     * Counts by status and by stage (one scan, grouping sets), and per stage the in-flight stem
     * that has been in it longest, as rows (dimension, value, stems, stem_id, started).
     */
    private static final String STATS = """
            WITH counts AS (
                SELECT GROUPING(stage) = 1 AS by_status, status, stage, count(*) AS stems
                FROM stem
                GROUP BY GROUPING SETS ((status), (stage))
            ), oldest AS (
                SELECT DISTINCT ON (stage) stage, stem_id, %1$s AS started
                FROM stem
                WHERE %2$s AND status IN ('%3$s', '%4$s') AND %1$s IS NOT NULL
                ORDER BY stage, %1$s, stem_id
            )
            SELECT CASE WHEN by_status THEN 'status' ELSE 'stage' END AS dimension,
                   CASE WHEN by_status THEN status ELSE stage END AS value,
                   stems, NULL AS stem_id, NULL::timestamptz AS started
            FROM counts
            WHERE CASE WHEN by_status THEN status ELSE stage END IS NOT NULL
            UNION ALL
            SELECT 'oldest', stage, NULL, stem_id, started
            FROM oldest
            """.formatted(STAGE_START, IN_A_STAGE, StemChanges.STATUS_PROCESSING, StemChanges.STATUS_DUPLICATE);

    /** Zero-filled minutes from the first to the last given, counted over [third, fourth) of the history. */
    private static final String TIMELINE = """
            SELECT minute,
                   COALESCE(c.completed, 0) AS completed,
                   COALESCE(c.duplicate, 0) AS duplicate,
                   COALESCE(c.failed, 0) AS failed
            FROM generate_series(?::timestamptz, ?::timestamptz, interval '1 minute') AS m(minute)
            LEFT JOIN (
                SELECT date_trunc('minute', event_time, 'UTC') AS minute,
                       count(*) FILTER (WHERE event_type = '%1$s') AS completed,
                       count(*) FILTER (WHERE event_type = '%2$s') AS duplicate,
                       count(*) FILTER (WHERE event_type = '%3$s') AS failed
                FROM stem_history
                WHERE event_type IN ('%1$s', '%2$s', '%3$s')
                  AND event_time >= ? AND event_time < ?
                GROUP BY 1
            ) AS c USING (minute)
            ORDER BY minute
            """.formatted(COMPLETED_TYPE, DUPLICATE_TYPE, FAILED_TYPE);

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
            instant(row, "stage_started_at"),
            row.getObject("attempts", Integer.class),
            instant(row, "created_at"),
            instant(row, "updated_at"));

    private static final RowMapper<TimelineMinute> TIMELINE_MINUTE = (row, rowNumber) -> new TimelineMinute(
            instant(row, "minute"),
            row.getLong("completed"),
            row.getLong("duplicate"),
            row.getLong("failed"));

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
        List<Object> arguments = new ArrayList<>();
        StringBuilder sql = where("SELECT * FROM stem WHERE true", filter, arguments);
        if (afterStemId != null) {
            sql.append(" AND stem_id > ?");
            arguments.add(afterStemId);
        }
        sql.append(" ORDER BY stem_id LIMIT ?");
        return slice(sql, arguments, limit);
    }

    /**
     * Up to {@code limit} stems matching {@code filter} that are not done and whose current stage
     * started before {@code startedBefore}, the longest-waiting first: ordered by stage start and
     * stem id, and paged by keyset after {@code after} (null for the first page).
     */
    public StemSlice stuck(StemFilter filter, Instant startedBefore, StageStart after, int limit) {
        List<Object> arguments = new ArrayList<>(List.of(timestamp(startedBefore)));
        StringBuilder sql = where("SELECT * FROM stem WHERE " + IN_A_STAGE + " AND " + STAGE_START + " < ?", filter,
                arguments);
        if (after != null) {
            sql.append(" AND (" + STAGE_START + ", stem_id) > (?, ?)");
            arguments.add(timestamp(after.startedAt()));
            arguments.add(after.stemId());
        }
        sql.append(" ORDER BY " + STAGE_START + ", stem_id LIMIT ?");
        return slice(sql, arguments, limit);
    }

    /** Counts by status and stage and the longest-waiting in-flight stem per stage, in one statement (one snapshot). */
    public StemStats stats(Instant at) {
        Map<String, Long> byStatus = zeros(StemChanges.STATUSES);
        Map<String, Long> byStage = zeros(StemChanges.STAGES);
        Map<String, StemStats.OldestInFlight> oldest = new LinkedHashMap<>();
        jdbc.query(STATS, row -> {
            String value = row.getString("value");
            switch (row.getString("dimension")) {
                case "status" -> byStatus.put(value, row.getLong("stems"));
                case "stage" -> byStage.put(value, row.getLong("stems"));
                default -> {
                    Instant started = instant(row, "started");
                    oldest.put(value, new StemStats.OldestInFlight(row.getString("stem_id"), started,
                            Math.max(0, Duration.between(started, at).toSeconds())));
                }
            }
        });
        // Stages in their usual order, whatever order the database returned them in.
        Map<String, StemStats.OldestInFlight> ordered = new LinkedHashMap<>();
        StemChanges.STAGES.stream().filter(oldest::containsKey).forEach(stage -> ordered.put(stage, oldest.get(stage)));
        oldest.forEach(ordered::putIfAbsent);
        return new StemStats(at, byStatus, byStage, ordered);
    }

    /**
     * The last {@code minutes} whole minutes up to and including the one {@code at} is in, oldest
     * first, each with the stems completed, found duplicate and failed in it by event time; a
     * minute without any is there with zeros.
     */
    public List<TimelineMinute> timeline(Instant at, int minutes) {
        Instant last = at.truncatedTo(ChronoUnit.MINUTES);
        Instant first = last.minus(minutes - 1L, ChronoUnit.MINUTES);
        return jdbc.query(TIMELINE, TIMELINE_MINUTE, timestamp(first), timestamp(last), timestamp(first),
                timestamp(last.plus(1, ChronoUnit.MINUTES)));
    }

    /** The stem's events in timeline order; empty for an unknown stem. */
    public List<HistoryEntry> history(String stemId) {
        return jdbc.query(HISTORY, HISTORY_ENTRY, stemId);
    }

    /** {@code select} followed by a condition for every field {@code filter} has. */
    private static StringBuilder where(String select, StemFilter filter, List<Object> arguments) {
        StringBuilder sql = new StringBuilder(select);
        condition(sql, arguments, "user_id", filter.userId());
        condition(sql, arguments, "track_id", filter.trackId());
        condition(sql, arguments, "status", filter.status());
        condition(sql, arguments, "stage", filter.stage());
        return sql;
    }

    /** Runs {@code sql} for one more stem than {@code limit}, which tells whether another page follows. */
    private StemSlice slice(StringBuilder sql, List<Object> arguments, int limit) {
        arguments.add(limit + 1);
        List<Stem> stems = jdbc.query(sql.toString(), STEM, arguments.toArray());
        boolean more = stems.size() > limit;
        return new StemSlice(more ? stems.subList(0, limit) : stems, more);
    }

    private static Map<String, Long> zeros(List<String> keys) {
        Map<String, Long> counts = new LinkedHashMap<>();
        keys.forEach(key -> counts.put(key, 0L));
        return counts;
    }

    private static OffsetDateTime timestamp(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
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
