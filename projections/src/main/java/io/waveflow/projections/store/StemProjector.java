package io.waveflow.projections.store;

import io.waveflow.contracts.json.Codecs;
import io.waveflow.contracts.json.Json;
import io.waveflow.contracts.workflow.WorkflowEvent;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.SqlParameterValue;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Writes workflow events into the read model, idempotently: in one transaction per batch, each
 * event is first recorded in {@code stem_history} keyed by its event id, and only the events that
 * were not there yet change their {@code stem} row. Re-delivered or replayed events therefore
 * change nothing, not even {@code updated_at}.
 */
public class StemProjector {

    /**
     * One statement for the whole batch; RETURNING names exactly the events that were new. Arrays
     * travel as text and are cast here, which keeps the binding independent of driver type support.
     */
    private static final String RECORD_HISTORY = """
            INSERT INTO stem_history (event_id, stem_id, event_type, event_time, payload)
            SELECT e.event_id, e.stem_id, e.event_type, e.event_time, e.payload
            FROM unnest(?::text[], ?::text[], ?::text[], ?::timestamptz[], ?::jsonb[])
                 WITH ORDINALITY AS e(event_id, stem_id, event_type, event_time, payload, ord)
            ORDER BY e.ord
            ON CONFLICT (event_id) DO NOTHING
            RETURNING event_id
            """;

    private final JdbcTemplate jdbc;
    private final NamedParameterJdbcTemplate namedJdbc;
    private final TransactionTemplate transaction;

    public StemProjector(JdbcTemplate jdbc, TransactionTemplate transaction) {
        this.jdbc = jdbc;
        this.namedJdbc = new NamedParameterJdbcTemplate(jdbc);
        this.transaction = transaction;
    }

    /** Applies the batch in Kafka order; throws (and writes nothing) when the database fails. */
    public Applied apply(List<WorkflowEvent> events) {
        if (events.isEmpty()) {
            return Applied.NOTHING;
        }
        List<WorkflowEvent> distinct = List.copyOf(events.stream()
                .collect(Collectors.toMap(WorkflowEvent::id, event -> event, (first, again) -> first, LinkedHashMap::new))
                .values());
        return transaction.execute(status -> {
            Set<String> recorded = recordHistory(distinct);
            List<WorkflowEvent> fresh = distinct.stream().filter(event -> recorded.contains(event.id())).toList();
            upsertStems(fresh);
            return new Applied(fresh, events.size() - fresh.size());
        });
    }

    private Set<String> recordHistory(List<WorkflowEvent> events) {
        String[] ids = events.stream().map(WorkflowEvent::id).toArray(String[]::new);
        String[] stemIds = events.stream().map(WorkflowEvent::stemId).toArray(String[]::new);
        String[] types = events.stream().map(Codecs.WORKFLOW::typeOf).toArray(String[]::new);
        String[] times = events.stream().map(event -> event.time().toString()).toArray(String[]::new);
        String[] payloads = events.stream().map(Json.MAPPER::writeValueAsString).toArray(String[]::new);
        return new HashSet<>(jdbc.query(connection -> {
            var statement = connection.prepareStatement(RECORD_HISTORY);
            statement.setArray(1, connection.createArrayOf("text", ids));
            statement.setArray(2, connection.createArrayOf("text", stemIds));
            statement.setArray(3, connection.createArrayOf("text", types));
            statement.setArray(4, connection.createArrayOf("text", times));
            statement.setArray(5, connection.createArrayOf("text", payloads));
            return statement;
        }, (row, rowNumber) -> row.getString("event_id")));
    }

    private void upsertStems(List<WorkflowEvent> events) {
        Map<String, StemChange> byStem = new LinkedHashMap<>();
        for (WorkflowEvent event : events) {
            StemChanges.of(event).ifPresent(change -> byStem.merge(change.stemId(), change, StemChange::then));
        }
        byStem.values().forEach(change -> namedJdbc.update(upsertSql(change.values().keySet()), parameters(change)));
    }

    /**
     * Inserts the stem with the changed columns, or updates exactly those columns. Built from
     * {@link StemColumn} names only, never from input.
     */
    static String upsertSql(Set<StemColumn> columns) {
        StringBuilder names = new StringBuilder("stem_id");
        StringBuilder values = new StringBuilder(":stem_id");
        StringBuilder updates = new StringBuilder();
        for (StemColumn column : columns) {
            names.append(", ").append(column.columnName());
            values.append(", :").append(column.columnName());
            updates.append(column.columnName()).append(" = EXCLUDED.").append(column.columnName()).append(", ");
        }
        return "INSERT INTO stem (" + names + ", updated_at, last_event_time)"
                + " VALUES (" + values + ", now(), :last_event_time)"
                + " ON CONFLICT (stem_id) DO UPDATE SET " + updates
                + "updated_at = EXCLUDED.updated_at,"
                + " last_event_time = GREATEST(stem.last_event_time, EXCLUDED.last_event_time)";
    }

    private static MapSqlParameterSource parameters(StemChange change) {
        MapSqlParameterSource parameters = new MapSqlParameterSource()
                .addValue("stem_id", change.stemId(), Types.VARCHAR)
                .addValue("last_event_time", utc(change.eventTime()), Types.TIMESTAMP_WITH_TIMEZONE);
        change.values().forEach((column, value) ->
                parameters.addValue(column.columnName(), value instanceof Instant time ? utc(time) : value, column.sqlType()));
        return parameters;
    }

    private static OffsetDateTime utc(Instant time) {
        return time.atOffset(ZoneOffset.UTC);
    }
}
