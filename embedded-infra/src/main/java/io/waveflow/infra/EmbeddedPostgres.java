package io.waveflow.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server (zonky binaries, started as a child process) on 127.0.0.1 with
 * logical decoding enabled, so CDC readers such as Debezium's pgoutput connector work against it.
 * Its data directory survives {@link #stop()} and {@link #restart()}, which outage tests rely on;
 * {@link #pause()} and {@link #resume()} freeze it instead, as a stalled disk or host would.
 */
public final class EmbeddedPostgres implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgres.class);

    /** zonky's initdb superuser; it trusts every local connection, so the password is never checked. */
    private static final String USERNAME = "postgres";
    private static final String PASSWORD = "postgres";
    private static final String MAINTENANCE_DATABASE = "postgres";

    private final int port;
    private final Path dataDir;
    private final boolean ownsDataDir;
    private io.zonky.test.db.postgres.embedded.EmbeddedPostgres server;
    private Thread shutdownHook;
    private boolean closed;

    private EmbeddedPostgres(int port, Path dataDir, boolean ownsDataDir) {
        this.port = port;
        this.dataDir = dataDir;
        this.ownsDataDir = ownsDataDir;
    }

    /**
     * Starts PostgreSQL on {@code 127.0.0.1:port}.
     *
     * @param port          0 for a free port
     * @param dataDirOrNull the cluster directory, initialised on first use and reused afterwards,
     *                      or {@code null} for a temp directory deleted by {@link #close()}
     */
    public static EmbeddedPostgres start(int port, Path dataDirOrNull) {
        boolean ownsDataDir = dataDirOrNull == null;
        Path dir = ownsDataDir ? TempDirs.create("embedded-postgres-") : dataDirOrNull.toAbsolutePath();
        EmbeddedPostgres postgres = new EmbeddedPostgres(FreePorts.orPick(port), dir, ownsDataDir);
        try {
            postgres.restart();
            return postgres;
        } catch (RuntimeException e) {
            postgres.close();
            throw e;
        }
    }

    /** A JDBC URL for {@code database} on this server, e.g. {@code jdbc:postgresql://127.0.0.1:40123/waveflow}. */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + FreePorts.LOOPBACK + ":" + port + "/" + database;
    }

    public String username() {
        return USERNAME;
    }

    public String password() {
        return PASSWORD;
    }

    public int port() {
        return port;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** Creates {@code name} unless it exists; safe to call from several test classes. */
    public void createDatabaseIfMissing(String name) {
        try (Connection connection = DriverManager.getConnection(jdbcUrl(MAINTENANCE_DATABASE), USERNAME, PASSWORD)) {
            if (databaseExists(connection, name)) {
                return;
            }
            try (Statement statement = connection.createStatement()) {
                // CREATE DATABASE takes no bind parameters; quote the identifier instead.
                statement.execute("CREATE DATABASE \"" + name.replace("\"", "\"\"") + "\"");
            }
            log.info("Created database {} on {}", name, jdbcUrl(name));
        } catch (SQLException e) {
            // A concurrent caller may have created it between the check and the CREATE.
            if (!"42P04".equals(e.getSQLState())) {
                throw new IllegalStateException("Cannot create database " + name, e);
            }
        }
    }

    /** Stops the server (fast shutdown) but keeps its port and data directory. */
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot stop PostgreSQL on port " + port, e);
        } finally {
            server = null;
        }
        log.info("PostgreSQL on port {} stopped", port);
    }

    /**
     * Freezes the server with SIGSTOP: the postmaster first (so it forks nothing new), then every
     * backend and background process. Connections stay open; queries wait until {@link #resume()}.
     */
    public synchronized void pause() {
        signal("STOP");
        log.info("PostgreSQL on port {} paused (SIGSTOP)", port);
    }

    /** Lets a {@link #pause() paused} server run again with SIGCONT. */
    public synchronized void resume() {
        signal("CONT");
        log.info("PostgreSQL on port {} resumed (SIGCONT)", port);
    }

    private void signal(String name) {
        if (server == null) {
            throw new IllegalStateException("PostgreSQL on port " + port + " is not running");
        }
        long postmaster = postmasterPid();
        List<String> command = new ArrayList<>(List.of("kill", "-" + name, String.valueOf(postmaster)));
        ProcessHandle.of(postmaster).ifPresent(handle ->
                handle.descendants().forEach(child -> command.add(String.valueOf(child.pid()))));
        try {
            Process kill = new ProcessBuilder(command).redirectErrorStream(true).start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: "
                        + new String(kill.getInputStream().readAllBytes()).strip());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while signalling PostgreSQL", e);
        }
    }

    /** The first line of {@code postmaster.pid}, which PostgreSQL writes into its data directory. */
    private long postmasterPid() {
        try {
            return Long.parseLong(Files.readAllLines(dataDir.resolve("postmaster.pid")).get(0).strip());
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("cannot read the postmaster's pid in " + dataDir, e);
        }
    }

    /** Starts again on the same port with the same data; a no-op while it runs. */
    public synchronized void restart() {
        if (closed) {
            throw new IllegalStateException("PostgreSQL on port " + port + " is closed");
        }
        if (server != null) {
            return;
        }
        long started = System.nanoTime();
        try {
            server = io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder()
                    .setPort(port)
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(false)
                    // Our own hook instead: zonky would add one per restart and run it before Spring stops.
                    .setRegisterShutdownHook(false)
                    .setServerConfig("listen_addresses", FreePorts.LOOPBACK)
                    .setServerConfig("wal_level", "logical")
                    .setServerConfig("max_wal_senders", "4")
                    .setServerConfig("max_replication_slots", "4")
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start PostgreSQL on port " + port + " in " + dataDir, e);
        }
        if (shutdownHook == null) {
            // The postmaster is a separate process and would outlive the JVM without this.
            shutdownHook = ShutdownHooks.register("embedded-postgres-" + port + "-stop", this::stopQuietly);
        }
        log.info("PostgreSQL on {} (data {}) started in {} ms",
                jdbcUrl(MAINTENANCE_DATABASE), dataDir, (System.nanoTime() - started) / 1_000_000);
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        try {
            stop();
        } finally {
            closed = true;
            if (shutdownHook != null) {
                ShutdownHooks.unregister(shutdownHook);
                shutdownHook = null;
            }
            if (ownsDataDir) {
                TempDirs.delete(dataDir);
            }
        }
    }

    private void stopQuietly() {
        try {
            stop();
        } catch (RuntimeException e) {
            log.warn("Could not stop PostgreSQL on port {}: {}", port, e.toString());
        }
    }

    private static boolean databaseExists(Connection connection, String name) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            query.setString(1, name);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next();
            }
        }
    }
}
