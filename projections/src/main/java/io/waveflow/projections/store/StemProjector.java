package io.waveflow.projections.store;

import io.waveflow.contracts.StemMessage;
import io.waveflow.contracts.deadletter.DeadLetter;
import io.waveflow.contracts.json.Json;
import io.waveflow.contracts.topic.Topics;
import io.waveflow.projections.generation.GenerationState;
import org.apache.kafka.common.TopicPartition;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes a batch of consumed records into one read-model generation, together with the offsets
 * they were read at, in one PostgreSQL transaction. That transaction is the exactly-once boundary:
 * <ol>
 *   <li>it takes a share lock on the generation's row and refuses to write to a generation that
 *       is no longer live or building (a rebuild switched away from it);</li>
 *   <li>it locks the generation's offset rows of the batch's partitions and drops every record
 *       below the stored offset: those were applied by an earlier transaction (a redelivery after
 *       a crash, or a consumer that lost its partitions and did not know yet);</li>
 *   <li>it records each remaining event in the history, keyed by event id, and only the events
 *       that were not there yet change their stem rows, so an event re-emitted at another offset
 *       changes nothing either;</li>
 *   <li>it parks unreadable records on the dead-letter topic (once per record across generations);</li>
 *   <li>it stores the next offset of every partition of the batch.</li>
 * </ol>
 * A crash anywhere before the commit leaves nothing; after it, the stored offsets say exactly
 * where to resume. Writes are set-based: a fixed handful of statements per batch, whatever its size.
 * Commits are synchronous on purpose: were a commit lost in a PostgreSQL crash, this consumer
 * would not know its position had gone back.
 */
public class StemProjector {

    private static final String SOURCE_INBOUND = "inbound";
    private static final String SOURCE_WORKFLOW = "workflow";

    private static final String FENCE = "SELECT state FROM read_model_generation WHERE generation = ? FOR SHARE";

    /** Creates the missing offset rows and locks all of them; the no-op update makes RETURNING see existing rows. */
    private static final String LOCK_OFFSETS = """
            INSERT INTO projection_offset (generation, topic, partition, next_offset)
            SELECT ?, o.topic, o.partition, 0
            FROM unnest(?::text[], ?::integer[]) WITH ORDINALITY AS o(topic, partition, ord)
            ORDER BY o.ord
            ON CONFLICT (generation, topic, partition) DO UPDATE SET next_offset = projection_offset.next_offset
            RETURNING topic, partition, next_offset
            """;

    private static final String SAVE_OFFSETS = """
            UPDATE projection_offset AS p SET next_offset = GREATEST(p.next_offset, o.next_offset)
            FROM unnest(?::text[], ?::integer[], ?::bigint[]) AS o(topic, partition, next_offset)
            WHERE p.generation = ? AND p.topic = o.topic AND p.partition = o.partition
            """;

    /** Moves offsets forward only, creating rows for partitions the generation has not stored yet. */
    private static final String ADVANCE_OFFSETS = """
            INSERT INTO projection_offset (generation, topic, partition, next_offset)
            SELECT ?, o.topic, o.partition, o.next_offset
            FROM unnest(?::text[], ?::integer[], ?::bigint[]) AS o(topic, partition, next_offset)
            ON CONFLICT (generation, topic, partition)
            DO UPDATE SET next_offset = GREATEST(projection_offset.next_offset, EXCLUDED.next_offset)
            """;

    private static final String PARK = """
            INSERT INTO dead_lettered_record (topic, partition, record_offset)
            SELECT * FROM unnest(?::text[], ?::integer[], ?::bigint[])
            ON CONFLICT DO NOTHING
            RETURNING topic, partition, record_offset
            """;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final DeadLetterSink deadLetters;
    private final BatchObserver observer;
    private final Map<Integer, Statements> statements = new ConcurrentHashMap<>();

    public StemProjector(JdbcTemplate jdbc, TransactionTemplate transaction, DeadLetterSink deadLetters,
                         BatchObserver observer) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.deadLetters = deadLetters;
        this.observer = observer;
    }

    /**
     * Applies {@code records} (in the order read; records of one partition by ascending offset) to
     * {@code generation}. Throws, having written nothing, when the database or the dead-letter
     * topic fails, and {@link GenerationRetiredException} when the generation takes no more writes.
     */
    public BatchResult apply(int generation, List<ConsumedRecord> records) {
        if (records.isEmpty()) {
            return new BatchResult(generation, 0, List.of(), 0, 0, 0, Map.of());
        }
        Statements sql = statements.computeIfAbsent(generation, number -> new Statements(new GenerationTables(number)));
        return transaction.execute(status -> {
            fence(generation);
            Map<TopicPartition, Long> stored = lockOffsets(generation, records);
            List<ConsumedRecord> unseen = records.stream()
                    .filter(record -> record.offset() >= stored.getOrDefault(record.topicPartition(), 0L))
                    .toList();
            List<ConsumedRecord> events = firstOfEachEventId(unseen);
            List<ConsumedRecord> applied = recordHistory(sql, events);
            upsertStems(sql, applied);
            int parked = park(unseen.stream().filter(record -> !record.isEvent()).toList());
            Map<TopicPartition, Long> next = nextOffsets(records);
            saveOffsets(generation, next);
            int unseenEvents = (int) unseen.stream().filter(ConsumedRecord::isEvent).count();
            BatchResult result = new BatchResult(generation, records.size(), applied, unseenEvents - applied.size(),
                    records.size() - unseen.size(), parked, next);
            observer.beforeCommit(result);
            return result;
        });
    }

    /**
     * Stores positions the consumer reached without receiving records: past the commit markers of
     * the transactional workflow topic, or past aborted records. Nothing is applied, so nothing
     * can be lost; it only lets a caught-up generation show a lag of zero.
     */
    public void advance(int generation, Map<TopicPartition, Long> positions) {
        if (positions.isEmpty()) {
            return;
        }
        List<Map.Entry<TopicPartition, Long>> entries = new ArrayList<>(positions.entrySet());
        entries.sort(Map.Entry.comparingByKey(Comparator.comparing(TopicPartition::topic)
                .thenComparing(TopicPartition::partition)));
        transaction.executeWithoutResult(status -> {
            fence(generation);
            jdbc.update(ADVANCE_OFFSETS, generation,
                    entries.stream().map(entry -> entry.getKey().topic()).toArray(String[]::new),
                    entries.stream().map(entry -> entry.getKey().partition()).toArray(Integer[]::new),
                    entries.stream().map(Map.Entry::getValue).toArray(Long[]::new));
        });
    }

    private void fence(int generation) {
        List<String> state = jdbc.queryForList(FENCE, String.class, generation);
        if (state.isEmpty() || !GenerationState.of(state.get(0)).consumed()) {
            throw new GenerationRetiredException(generation, state.isEmpty() ? null : state.get(0));
        }
    }

    private Map<TopicPartition, Long> lockOffsets(int generation, List<ConsumedRecord> records) {
        // Sorted, so two transactions over the same partitions lock them in the same order.
        List<TopicPartition> partitions = records.stream().map(ConsumedRecord::topicPartition).distinct()
                .sorted(Comparator.comparing(TopicPartition::topic).thenComparing(TopicPartition::partition))
                .toList();
        Map<TopicPartition, Long> stored = new HashMap<>();
        jdbc.query(LOCK_OFFSETS, row -> {
            stored.put(new TopicPartition(row.getString("topic"), row.getInt("partition")), row.getLong("next_offset"));
        }, generation, partitions.stream().map(TopicPartition::topic).toArray(String[]::new),
                partitions.stream().map(TopicPartition::partition).toArray(Integer[]::new));
        return stored;
    }

    private static List<ConsumedRecord> firstOfEachEventId(List<ConsumedRecord> records) {
        Map<String, ConsumedRecord> first = new LinkedHashMap<>();
        records.stream().filter(ConsumedRecord::isEvent).forEach(record -> first.putIfAbsent(record.event().id(), record));
        return List.copyOf(first.values());
    }

    /** Records the events in the history; returns those that were not there yet, in batch order. */
    private List<ConsumedRecord> recordHistory(Statements sql, List<ConsumedRecord> events) {
        if (events.isEmpty()) {
            return List.of();
        }
        int size = events.size();
        String[] ids = new String[size];
        String[] stemIds = new String[size];
        String[] types = new String[size];
        String[] times = new String[size];
        String[] payloads = new String[size];
        String[] sources = new String[size];
        Integer[] partitions = new Integer[size];
        Long[] offsets = new Long[size];
        for (int i = 0; i < size; i++) {
            ConsumedRecord record = events.get(i);
            StemMessage event = record.event();
            ids[i] = event.id();
            stemIds[i] = event.stemId();
            types[i] = record.eventType();
            times[i] = event.time().toString();
            payloads[i] = Json.MAPPER.writeValueAsString(event);
            sources[i] = source(record.topic());
            partitions[i] = record.partition();
            offsets[i] = record.offset();
        }
        Set<String> recorded = new HashSet<>(jdbc.queryForList(sql.recordHistory, String.class,
                ids, stemIds, types, times, payloads, sources, partitions, offsets));
        return events.stream().filter(record -> recorded.contains(record.event().id())).toList();
    }

    /**
     * Stems new to the generation are inserted whole (a rule applied to an empty column gives the
     * value itself); only the others are locked, in stem order, and updated rule by rule.
     */
    private void upsertStems(Statements sql, List<ConsumedRecord> applied) {
        // Sorted by stem id: concurrent batches touching the same stems lock them in the same order.
        Map<String, StemChange> byStem = new TreeMap<>();
        for (ConsumedRecord record : applied) {
            StemChanges.of(record.event()).ifPresent(change -> byStem.merge(change.stemId(), change, StemChange::then));
        }
        if (byStem.isEmpty()) {
            return;
        }
        Set<String> inserted = new HashSet<>(jdbc.queryForList(sql.insertStems, String.class,
                columnArrays(byStem.values())));
        List<StemChange> existing = byStem.values().stream()
                .filter(change -> !inserted.contains(change.stemId())).toList();
        if (existing.isEmpty()) {
            return;
        }
        jdbc.queryForList(sql.lockStems, String.class,
                (Object) existing.stream().map(StemChange::stemId).toArray(String[]::new));
        jdbc.update(sql.updateStems, columnArrays(existing));
    }

    /** The stem ids, then for every column its values (as text) and rule codes, one element per stem. */
    private static Object[] columnArrays(Collection<StemChange> changes) {
        StemColumn[] columns = StemColumn.values();
        Object[] arguments = new Object[1 + 2 * columns.length];
        arguments[0] = changes.stream().map(StemChange::stemId).toArray(String[]::new);
        for (int c = 0; c < columns.length; c++) {
            String[] values = new String[changes.size()];
            String[] rules = new String[changes.size()];
            int i = 0;
            for (StemChange change : changes) {
                ColumnWrite write = change.writes().get(columns[c]);
                if (write != null) {
                    values[i] = text(write.value());
                    rules[i] = write.rule().code();
                }
                i++;
            }
            arguments[1 + 2 * c] = values;
            arguments[2 + 2 * c] = rules;
        }
        return arguments;
    }

    private int park(List<ConsumedRecord> unreadable) {
        if (unreadable.isEmpty()) {
            return 0;
        }
        List<DeadLetter> letters = unreadable.stream().map(ConsumedRecord::deadLetter).toList();
        Set<String> fresh = new HashSet<>();
        jdbc.query(PARK, row -> {
            fresh.add(row.getString(1) + "/" + row.getInt(2) + "/" + row.getLong(3));
        }, letters.stream().map(DeadLetter::sourceTopic).toArray(String[]::new),
                letters.stream().map(DeadLetter::sourcePartition).toArray(Integer[]::new),
                letters.stream().map(DeadLetter::sourceOffset).toArray(Long[]::new));
        List<ConsumedRecord> unparked = unreadable.stream()
                .filter(record -> fresh.contains(record.topic() + "/" + record.partition() + "/" + record.offset()))
                .toList();
        // Inside the transaction: if the broker does not take them, the batch (and the rows marking
        // them parked) rolls back and is retried, so a letter is sent at least once.
        deadLetters.publishUnreadable(unparked);
        return unparked.size();
    }

    private static Map<TopicPartition, Long> nextOffsets(List<ConsumedRecord> records) {
        Map<TopicPartition, Long> next = new HashMap<>();
        records.forEach(record -> next.merge(record.topicPartition(), record.offset() + 1, Math::max));
        return next;
    }

    private void saveOffsets(int generation, Map<TopicPartition, Long> next) {
        List<Map.Entry<TopicPartition, Long>> entries = new ArrayList<>(next.entrySet());
        jdbc.update(SAVE_OFFSETS,
                entries.stream().map(entry -> entry.getKey().topic()).toArray(String[]::new),
                entries.stream().map(entry -> entry.getKey().partition()).toArray(Integer[]::new),
                entries.stream().map(Map.Entry::getValue).toArray(Long[]::new),
                generation);
    }

    private static String source(String topic) {
        if (Topics.INBOUND.name().equals(topic)) {
            return SOURCE_INBOUND;
        }
        if (Topics.WORKFLOW.name().equals(topic)) {
            return SOURCE_WORKFLOW;
        }
        throw new IllegalArgumentException("not an event topic of the read model: " + topic);
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }

    /** The generation-specific statements, built once per generation from {@link GenerationTables}. */
    static final class Statements {

        final String recordHistory;
        final String insertStems;
        final String lockStems;
        final String updateStems;

        Statements(GenerationTables tables) {
            recordHistory = """
                    INSERT INTO %s (event_id, stem_id, event_type, event_time, payload, source, source_partition,
                                    source_offset)
                    SELECT e.event_id, e.stem_id, e.event_type, e.event_time, e.payload, e.source, e.source_partition,
                           e.source_offset
                    FROM unnest(?::text[], ?::text[], ?::text[], ?::timestamptz[], ?::jsonb[], ?::text[],
                                ?::integer[], ?::bigint[])
                         WITH ORDINALITY AS e(event_id, stem_id, event_type, event_time, payload, source,
                                              source_partition, source_offset, ord)
                    ORDER BY e.ord
                    ON CONFLICT (event_id) DO NOTHING
                    RETURNING event_id
                    """.formatted(tables.history());
            insertStems = insertSql(tables.stem());
            lockStems = "SELECT stem_id FROM " + tables.stem() + " WHERE stem_id = ANY(?::text[])"
                    + " ORDER BY stem_id FOR UPDATE";
            updateStems = updateSql(tables.stem());
        }

        /** Inserts the stems that do not exist yet, in stem order, with the values as they come; returns their ids. */
        static String insertSql(String table) {
            StringBuilder names = new StringBuilder("stem_id");
            StringBuilder values = new StringBuilder("c.stem_id");
            for (StemColumn column : StemColumn.values()) {
                names.append(", ").append(column.columnName());
                values.append(", c.").append(column.columnName());
            }
            return "INSERT INTO " + table + " (" + names + ")\nSELECT " + values
                    + "\nFROM unnest(" + arrays() + ") AS c(" + arrayNames() + ")"
                    + "\nORDER BY c.stem_id\nON CONFLICT (stem_id) DO NOTHING\nRETURNING stem_id";
        }

        /**
         * One UPDATE for every stem of the batch: each column arrives with a value and a rule code
         * per row, and the CASE applies that rule to the current value; no code leaves it as it is.
         */
        static String updateSql(String table) {
            StringBuilder sets = new StringBuilder();
            for (StemColumn column : StemColumn.values()) {
                String name = column.columnName();
                String current = "s." + name;
                String value = "c." + name;
                if (sets.length() > 0) {
                    sets.append(",\n    ");
                }
                sets.append(name).append(" = CASE c.").append(name).append("_rule")
                        .append(" WHEN '").append(ColumnRule.OVERWRITE.code()).append("' THEN ").append(value)
                        .append(" WHEN '").append(ColumnRule.FILL.code()).append("' THEN COALESCE(")
                        .append(current).append(", ").append(value).append(')')
                        .append(" WHEN '").append(ColumnRule.PREFER.code()).append("' THEN COALESCE(")
                        .append(value).append(", ").append(current).append(')')
                        .append(" WHEN '").append(ColumnRule.EARLIEST.code()).append("' THEN LEAST(")
                        .append(current).append(", ").append(value).append(')')
                        .append(" WHEN '").append(ColumnRule.LATEST.code()).append("' THEN GREATEST(")
                        .append(current).append(", ").append(value).append(')')
                        .append(" ELSE ").append(current).append(" END");
            }
            return "UPDATE " + table + " AS s SET\n    " + sets
                    + "\nFROM unnest(" + arrays() + ") AS c(" + arrayNames() + ")"
                    + "\nWHERE s.stem_id = c.stem_id";
        }

        /** The parameters of {@link #columnArrays}: stem ids, then a typed value array and a rule array per column. */
        private static String arrays() {
            StringBuilder arrays = new StringBuilder("?::text[]");
            for (StemColumn column : StemColumn.values()) {
                arrays.append(", ?::").append(column.sqlType()).append("[], ?::text[]");
            }
            return arrays.toString();
        }

        private static String arrayNames() {
            StringBuilder names = new StringBuilder("stem_id");
            for (StemColumn column : StemColumn.values()) {
                names.append(", ").append(column.columnName()).append(", ").append(column.columnName()).append("_rule");
            }
            return names.toString();
        }
    }
}
