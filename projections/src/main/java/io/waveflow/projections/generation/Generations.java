package io.waveflow.projections.generation;

import io.waveflow.projections.store.GenerationTables;
import io.waveflow.projections.store.OffsetStore;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The lifecycle of read-model generations in PostgreSQL: starting a rebuild, moving it to the
 * switch, and dropping what it replaced. Every step is one short transaction guarded by the state
 * it expects, so any instance may drive it and a step taken twice does nothing the second time.
 *
 * <p>A rebuild goes: a new generation is created {@code building}, with empty tables shaped like
 * the live ones; its consumers fill it from the start of the topics. Once it is at most
 * {@code switchLag} records behind the live generation, the live one is frozen
 * ({@code retiring}: its batches are refused, readers still see it). Once the building generation
 * has every offset of the frozen one, a single transaction repoints the views and makes it
 * {@code live}; readers see either all of the old generation or all of the new, and never an
 * older state than they saw before. The old tables are dropped after that.
 */
public class Generations {

    private static final Logger log = LoggerFactory.getLogger(Generations.class);

    private static final RowMapper<Generation> GENERATION = (row, rowNumber) -> new Generation(
            row.getInt("generation"),
            GenerationState.of(row.getString("state")),
            row.getTimestamp("created_at").toInstant(),
            instant(row.getTimestamp("switched_at")));

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final OffsetStore offsets;
    private final Duration lockTimeout;

    /**
     * @param lockTimeout the longest a switch or drop waits for readers' locks; past it the step
     *                    gives up and is tried again, so readers queued behind it wait no longer
     */
    public Generations(JdbcTemplate jdbc, TransactionTemplate transaction, OffsetStore offsets, Duration lockTimeout) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.offsets = offsets;
        this.lockTimeout = lockTimeout;
    }

    public List<Generation> list() {
        return jdbc.query("SELECT * FROM read_model_generation ORDER BY generation", GENERATION);
    }

    /** Creates a new generation to build from the start of the topics; throws while another is being built. */
    public Generation startRebuild() {
        Generation created = transaction.execute(status -> {
            // Serializes concurrent starts; batches (row share locks) are not blocked by it.
            jdbc.execute("LOCK TABLE read_model_generation IN SHARE ROW EXCLUSIVE MODE");
            List<Generation> generations = list();
            Optional<Generation> running = generations.stream()
                    .filter(g -> g.state() == GenerationState.BUILDING || g.state() == GenerationState.RETIRING)
                    .findFirst();
            if (running.isPresent()) {
                throw new RebuildInProgressException(building(generations).map(Generation::number)
                        .orElse(running.get().number()));
            }
            Generation live = generations.stream().filter(g -> g.state() == GenerationState.LIVE).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no live read-model generation"));
            int number = jdbc.queryForObject("SELECT nextval('read_model_generation_seq')", Integer.class);
            GenerationTables source = new GenerationTables(live.number());
            GenerationTables target = new GenerationTables(number);
            // The live tables are the template, so the new generation has exactly their columns,
            // constraints and indexes, which is what lets the views be repointed.
            jdbc.execute("CREATE TABLE " + target.stem() + " (LIKE " + source.stem() + " INCLUDING ALL)");
            jdbc.execute("CREATE TABLE " + target.history() + " (LIKE " + source.history() + " INCLUDING ALL)");
            return jdbc.queryForObject("INSERT INTO read_model_generation (generation, state) VALUES (?, 'building')"
                    + " RETURNING *", GENERATION, number);
        });
        log.info("Rebuild started: generation {} is being built from the start of the topics", created.number());
        return created;
    }

    /**
     * Abandons the rebuild in progress, if any: the building generation is retired (and dropped by
     * the next {@link #advance}), a frozen live generation takes writes again.
     */
    public Optional<Generation> abortRebuild() {
        Optional<Generation> aborted = transaction.execute(status -> {
            jdbc.execute("LOCK TABLE read_model_generation IN SHARE ROW EXCLUSIVE MODE");
            Optional<Generation> building = building(list());
            building.ifPresent(generation -> {
                jdbc.update("UPDATE read_model_generation SET state = 'retired' WHERE generation = ?",
                        generation.number());
                jdbc.update("UPDATE read_model_generation SET state = 'live' WHERE state = 'retiring'");
            });
            return building;
        });
        aborted.ifPresent(generation -> log.info("Rebuild of generation {} aborted", generation.number()));
        return aborted;
    }

    /**
     * Takes the next step of a rebuild that the state allows, and drops retired generations.
     * Returns the steps taken, empty when there is nothing to do.
     */
    public List<Step> advance(long switchLag) {
        List<Step> steps = new ArrayList<>();
        List<Generation> generations = list();
        for (Generation retired : generations) {
            if (retired.state() == GenerationState.RETIRED && drop(retired.number())) {
                steps.add(new Step(Step.Kind.DROPPED, retired.number(), 0));
            }
        }
        Optional<Generation> building = building(generations);
        Optional<Generation> serving = generations.stream()
                .filter(g -> g.state() == GenerationState.LIVE || g.state() == GenerationState.RETIRING)
                .findFirst();
        if (building.isEmpty() || serving.isEmpty()) {
            return steps;
        }
        int target = building.get().number();
        int source = serving.get().number();
        long behind = behind(source, target);
        if (serving.get().state() == GenerationState.LIVE) {
            if (behind > switchLag) {
                steps.add(new Step(Step.Kind.CATCHING_UP, target, behind));
                return steps;
            }
            if (freeze(source)) {
                steps.add(new Step(Step.Kind.FROZE, source, behind));
            }
            behind = behind(source, target);
        }
        if (behind > 0) {
            steps.add(new Step(Step.Kind.DRAWING_LEVEL, target, behind));
            return steps;
        }
        if (switchTo(target, source)) {
            steps.add(new Step(Step.Kind.SWITCHED, target, 0));
            if (drop(source)) {
                steps.add(new Step(Step.Kind.DROPPED, source, 0));
            }
        }
        return steps;
    }

    /** Records the {@code target} generation still has to read to have everything {@code source} has. */
    long behind(int source, int target) {
        Map<TopicPartition, Long> ahead = offsets.all(source);
        Map<TopicPartition, Long> behind = offsets.all(target);
        return ahead.entrySet().stream()
                .mapToLong(entry -> Math.max(0, entry.getValue() - behind.getOrDefault(entry.getKey(), 0L)))
                .sum();
    }

    /** Stops writes to the live generation; waits for its batches in flight (they hold a share lock on the row). */
    private boolean freeze(int live) {
        int frozen = jdbc.update("UPDATE read_model_generation SET state = 'retiring'"
                + " WHERE generation = ? AND state = 'live'"
                + " AND EXISTS (SELECT 1 FROM read_model_generation WHERE state = 'building')", live);
        if (frozen == 1) {
            log.info("Generation {} frozen for the switch", live);
        }
        return frozen == 1;
    }

    private boolean switchTo(int target, int source) {
        Boolean switched = transaction.execute(status -> {
            jdbc.execute("SET LOCAL lock_timeout = '" + lockTimeout.toMillis() + "ms'");
            List<Generation> locked = jdbc.query("SELECT * FROM read_model_generation WHERE generation IN (?, ?)"
                    + " ORDER BY generation FOR UPDATE", GENERATION, target, source);
            boolean ready = locked.size() == 2
                    && locked.stream().anyMatch(g -> g.number() == target && g.state() == GenerationState.BUILDING)
                    && locked.stream().anyMatch(g -> g.number() == source && g.state() == GenerationState.RETIRING)
                    && behind(source, target) == 0;
            if (!ready) {
                return false;
            }
            GenerationTables tables = new GenerationTables(target);
            jdbc.execute("CREATE OR REPLACE VIEW " + GenerationTables.STEM_VIEW + " AS SELECT * FROM " + tables.stem());
            jdbc.execute("CREATE OR REPLACE VIEW " + GenerationTables.HISTORY_VIEW + " AS SELECT * FROM "
                    + tables.history());
            jdbc.update("UPDATE read_model_generation SET state = 'retired' WHERE generation = ?", source);
            jdbc.update("UPDATE read_model_generation SET state = 'live', switched_at = now() WHERE generation = ?",
                    target);
            return true;
        });
        if (Boolean.TRUE.equals(switched)) {
            log.info("Readers switched from generation {} to generation {}", source, target);
        }
        return Boolean.TRUE.equals(switched);
    }

    /** Drops a retired generation's tables and forgets it (its offsets go with the row). */
    private boolean drop(int retired) {
        GenerationTables tables = new GenerationTables(retired);
        Boolean dropped = transaction.execute(status -> {
            jdbc.execute("SET LOCAL lock_timeout = '" + lockTimeout.toMillis() + "ms'");
            int deleted = jdbc.update("DELETE FROM read_model_generation WHERE generation = ? AND state = 'retired'",
                    retired);
            if (deleted == 1) {
                jdbc.execute("DROP TABLE IF EXISTS " + tables.stem() + ", " + tables.history());
            }
            return deleted == 1;
        });
        if (Boolean.TRUE.equals(dropped)) {
            log.info("Generation {} dropped", retired);
        }
        return Boolean.TRUE.equals(dropped);
    }

    private static Optional<Generation> building(List<Generation> generations) {
        return generations.stream().filter(g -> g.state() == GenerationState.BUILDING).findFirst();
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
