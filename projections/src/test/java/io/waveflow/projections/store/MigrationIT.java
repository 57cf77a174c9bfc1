package io.waveflow.projections.store;

import com.zaxxer.hikari.HikariDataSource;
import io.waveflow.infra.EmbeddedPostgres;
import io.waveflow.infra.SharedInfra;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/** Rows written by the V1 projection stay readable, in V2's shape, as generation 1. */
class MigrationIT {

    @Test
    void shouldServeRowsProjectedBeforeTheUpgradeAsGenerationOne() {
        EmbeddedPostgres postgres = SharedInfra.get().postgres();
        String database = "migration_it_" + UUID.randomUUID().toString().replace("-", "");
        postgres.createDatabaseIfMissing(database);
        try (HikariDataSource dataSource = new HikariDataSource()) {
            dataSource.setJdbcUrl(postgres.jdbcUrl(database));
            dataSource.setUsername(postgres.username());
            dataSource.setPassword(postgres.password());
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
}
