package io.waveflow.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedPostgresIT {

    @TempDir
    static Path dataDir;

    private static EmbeddedPostgres postgres;

    @BeforeAll
    static void startPostgres() {
        postgres = EmbeddedPostgres.start(0, dataDir);
    }

    @AfterAll
    static void closePostgres() {
        postgres.close();
    }

    @Test
    void shouldRunWithLogicalDecodingOnLoopbackOnly() throws SQLException {
        try (Connection connection = connect("postgres")) {
            assertThat(show(connection, "wal_level")).isEqualTo("logical");
            assertThat(show(connection, "max_wal_senders")).isEqualTo("4");
            assertThat(show(connection, "max_replication_slots")).isEqualTo("4");
            assertThat(show(connection, "listen_addresses")).isEqualTo("127.0.0.1");
        }
        assertThat(postgres.jdbcUrl("waveflow")).isEqualTo("jdbc:postgresql://127.0.0.1:" + postgres.port() + "/waveflow");
    }

    @Test
    void shouldCreateAPgoutputReplicationSlot() throws SQLException {
        try (Connection connection = connect("postgres");
             Statement statement = connection.createStatement()) {
            statement.execute("SELECT pg_create_logical_replication_slot('it_slot', 'pgoutput')");
            statement.execute("SELECT pg_drop_replication_slot('it_slot')");
        }
    }

    @Test
    void shouldCreateADatabaseOnlyWhenMissing() throws SQLException {
        // when
        postgres.createDatabaseIfMissing("it_projections");
        postgres.createDatabaseIfMissing("it_projections");

        // then
        try (Connection connection = connect("it_projections")) {
            assertThat(connection.isValid(1)).isTrue();
        }
    }

    @Test
    void shouldKeepRowsAcrossStopAndRestart() throws SQLException {
        // given
        postgres.createDatabaseIfMissing("it_outage");
        try (Connection connection = connect("it_outage");
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE stem (id text PRIMARY KEY)");
            statement.execute("INSERT INTO stem VALUES ('stem-1'), ('stem-2')");
        }

        // when
        postgres.stop();

        // then
        assertThatThrownBy(() -> connect("it_outage").close()).isInstanceOf(SQLException.class);

        // when
        postgres.restart();

        // then
        try (Connection connection = connect("it_outage");
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT count(*) FROM stem")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getInt(1)).isEqualTo(2);
        }
    }

    @Test
    void shouldFreezeEveryServerProcessOnPauseAndServeQueriesAgainAfterResume() throws Exception {
        // given
        long postmaster = Long.parseLong(Files.readAllLines(postgres.dataDir().resolve("postmaster.pid")).get(0).strip());
        List<Long> processes = ProcessHandle.of(postmaster).orElseThrow().descendants().map(ProcessHandle::pid).toList();
        assertThat(processes).isNotEmpty();

        // when
        postgres.pause();

        // then: stopped by a signal ("T"), the backends and background workers too
        try {
            assertThat(state(postmaster)).startsWith("T");
            // A process listed before the pause may have ended since (a backend whose connection
            // closed): gone, or a zombie its stopped postmaster cannot reap. Every live one is frozen.
            List<String> live = processes.stream().map(EmbeddedPostgresIT::stateIfExists).flatMap(Optional::stream)
                    .filter(state -> !state.startsWith("Z")).toList();
            assertThat(live).isNotEmpty().allSatisfy(state -> assertThat(state).startsWith("T"));
        } finally {
            postgres.resume();
        }

        // then
        assertThat(state(postmaster)).doesNotStartWith("T");
        try (Connection connection = connect("postgres")) {
            assertThat(show(connection, "wal_level")).isEqualTo("logical");
        }
    }

    /** {@link #state}, or empty when the process no longer exists. */
    private static Optional<String> stateIfExists(long pid) {
        try {
            return Optional.of(state(pid));
        } catch (IllegalStateException e) {
            if (e.getCause() instanceof NoSuchFileException) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** The process state letter from /proc, e.g. S (sleeping) or T (stopped by a signal). */
    private static String state(long pid) {
        try {
            return Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status")).stream()
                    .filter(line -> line.startsWith("State:"))
                    .findFirst().orElseThrow()
                    .substring("State:".length()).strip();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(postgres.jdbcUrl(database), postgres.username(), postgres.password());
    }

    private static String show(Connection connection, String setting) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SHOW " + setting)) {
            rows.next();
            return rows.getString(1);
        }
    }
}
