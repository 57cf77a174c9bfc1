package io.waveflow.projections.store;

import com.zaxxer.hikari.HikariDataSource;
import io.waveflow.infra.EmbeddedPostgres;
import io.waveflow.infra.SharedInfra;
import io.waveflow.projections.generation.Generations;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/**
 * Rows written by the V1 projection stay readable, in V2's shape, as generation 1; V3 gives every
 * generation the stage start and its indexes, and the views show it.
 */
class MigrationIT {

    @Test
    void shouldServeRowsProjectedBeforeTheUpgradeAsGenerationOne() {
        try (HikariDataSource dataSource = emptyDatabase()) {
            JdbcTemplate jdbc = new JdbcTemplate(dataSource);
            Instant registered = Instant.parse("2026-01-05T10:00:00Z");
            Instant completed = Instant.parse("2026-01-05T10:00:30Z");
            Flyway.configure().dataSource(dataSource).target("1").load().migrate();
            jdbc.update("INSERT INTO stem (stem_id, user_id, status, created_at, updated_at, last_event_time)"
                    + " VALUES ('s1', 'u1', 'completed', ?, now(), ?)", Timestamp.from(registered), Timestamp.from(completed));
            jdbc.update("INSERT INTO stem_history (event_id, stem_id, event_type, event_time, payload)"
                    + " VALUES ('e1', 's1', 'io.waveflow.workflow.StemCompleted.v1', ?, '{\"stemId\":\"s1\"}')",
                    Timestamp.from(completed));

            Flyway.configure().dataSource(dataSource).load().migrate();

            assertThat(jdbc.queryForMap("SELECT * FROM stem WHERE stem_id = 's1'")).contains(
                    entry("user_id", "u1"), entry("status", "completed"), entry("created_at", Timestamp.from(registered)),
                    entry("updated_at", Timestamp.from(completed))).doesNotContainKey("last_event_time");
            Map<String, Object> history = jdbc.queryForMap("SELECT * FROM stem_history WHERE event_id = 'e1'");
            assertThat(history).contains(entry("source", "workflow"), entry("source_partition", null),
                    entry("source_offset", null)).doesNotContainKeys("seq", "recorded_at");
            assertThat(jdbc.queryForList("SELECT generation, state FROM read_model_generation"))
                    .containsExactly(Map.of("generation", 1, "state", "live"));
            assertThat(new StemQueries(jdbc).findStem("s1")).isPresent();
            assertThat(new StemQueries(jdbc).history("s1")).hasSize(1);
        }
    }

    @Test
    void shouldGiveEveryGenerationTheStageStartAndListOldRowsByTheirLastUpdate() {
        try (HikariDataSource dataSource = emptyDatabase()) {
            JdbcTemplate jdbc = new JdbcTemplate(dataSource);
            Instant registered = Instant.parse("2026-01-05T10:00:00Z");
            Instant requested = Instant.parse("2026-01-05T10:00:05Z");
            Instant completed = Instant.parse("2026-01-05T10:00:30Z");
            Flyway.configure().dataSource(dataSource).target("1").load().migrate();
            jdbc.update("INSERT INTO stem (stem_id, user_id, status, stage, attempts, created_at, updated_at,"
                    + " last_event_time) VALUES ('s1', 'u1', 'processing', 'analysis', 1, ?, now(), ?)",
                    Timestamp.from(registered), Timestamp.from(requested));
            jdbc.update("INSERT INTO stem_history (event_id, stem_id, event_type, event_time, payload)"
                    + " VALUES ('e1', 's0', 'io.waveflow.workflow.StemCompleted.v1', ?, '{\"stemId\":\"s0\"}')",
                    Timestamp.from(completed));
            Flyway.configure().dataSource(dataSource).target("2").load().migrate();
            // A rebuild was running when the service stopped for the upgrade: generation 2 is building.
            Generations generations = new Generations(jdbc, new TransactionTemplate(
                    new DataSourceTransactionManager(dataSource)), new OffsetStore(jdbc), Duration.ofSeconds(2));
            assertThat(generations.startRebuild().number()).isEqualTo(2);

            Flyway.configure().dataSource(dataSource).load().migrate();

            for (String table : List.of("stem_g1", "stem_g2", "stem")) {
                assertThat(columns(jdbc, table)).as(table).endsWith("stage_started_at");
            }
            for (String table : List.of("stem_g1", "stem_g2")) {
                assertThat(indexes(jdbc, table)).as(table)
                        .anyMatch(index -> index.contains("(stage, COALESCE(stage_started_at, updated_at), stem_id)")
                                && index.contains("WHERE (stage <> 'done'::text)"));
            }
            assertThat(indexes(jdbc, "stem_history_g1")).anyMatch(index -> index.contains("(event_time) WHERE"));
            assertThat(indexes(jdbc, "stem_history_g2")).anyMatch(index -> index.contains("(event_time) WHERE"));
            StemQueries queries = new StemQueries(jdbc);
            Optional<Stem> old = queries.findStem("s1");
            assertThat(old).isPresent();
            assertThat(old.get().stageStartedAt()).isNull();
            StemFilter everything = new StemFilter(null, null, null, null);
            assertThat(queries.stuck(everything, requested.plusSeconds(1), null, 10).stems())
                    .extracting(Stem::stemId).containsExactly("s1");
            assertThat(queries.stuck(everything, requested, null, 10).stems()).isEmpty();
            StemStats stats = queries.stats(completed);
            assertThat(stats.byStatus()).containsEntry("processing", 1L);
            assertThat(stats.oldestInFlight()).containsOnly(Map.entry("analysis",
                    new StemStats.OldestInFlight("s1", requested, 25)));
            assertThat(queries.timeline(completed, 2)).containsExactly(
                    new TimelineMinute(Instant.parse("2026-01-05T09:59:00Z"), 0, 0, 0),
                    new TimelineMinute(Instant.parse("2026-01-05T10:00:00Z"), 1, 0, 0));

            // A generation created after V3 copies the live tables, the new column and indexes included.
            generations.abortRebuild();
            generations.advance(0);
            assertThat(generations.startRebuild().number()).isEqualTo(3);
            assertThat(columns(jdbc, "stem_g3")).endsWith("stage_started_at");
            assertThat(indexes(jdbc, "stem_g3")).anyMatch(index -> index.contains("COALESCE(stage_started_at"));
        }
    }

    /** A database of its own without any migration, so a test can stop at any version. */
    private static HikariDataSource emptyDatabase() {
        EmbeddedPostgres postgres = SharedInfra.get().postgres();
        String database = "migration_it_" + UUID.randomUUID().toString().replace("-", "");
        postgres.createDatabaseIfMissing(database);
        HikariDataSource dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(postgres.jdbcUrl(database));
        dataSource.setUsername(postgres.username());
        dataSource.setPassword(postgres.password());
        return dataSource;
    }

    private static List<String> columns(JdbcTemplate jdbc, String table) {
        return jdbc.queryForList("SELECT column_name FROM information_schema.columns WHERE table_name = ?"
                + " ORDER BY ordinal_position", String.class, table);
    }

    private static List<String> indexes(JdbcTemplate jdbc, String table) {
        return jdbc.queryForList("SELECT indexdef FROM pg_indexes WHERE tablename = ?", String.class, table);
    }
}
