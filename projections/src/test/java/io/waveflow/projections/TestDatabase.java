package io.waveflow.projections;

import com.zaxxer.hikari.HikariDataSource;
import io.waveflow.infra.EmbeddedPostgres;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.concurrent.atomic.AtomicInteger;

/** A fresh database with the service's migrations applied, for tests that build the store classes with {@code new}. */
public final class TestDatabase implements AutoCloseable {

    private static final AtomicInteger NEXT = new AtomicInteger();

    private final HikariDataSource dataSource;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final String name;

    private TestDatabase(EmbeddedPostgres postgres, String name) {
        this.name = name;
        postgres.createDatabaseIfMissing(name);
        dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(postgres.jdbcUrl(name));
        dataSource.setUsername(postgres.username());
        dataSource.setPassword(postgres.password());
        dataSource.setMaximumPoolSize(8);
        dataSource.setConnectionTimeout(2_000);
        Flyway.configure().dataSource(dataSource).load().migrate();
        jdbc = new JdbcTemplate(dataSource);
        transaction = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    }

    /** A new database named after {@code purpose} on {@code postgres}. */
    public static TestDatabase create(EmbeddedPostgres postgres, String purpose) {
        return new TestDatabase(postgres, purpose + "_" + ProcessHandle.current().pid() + "_" + NEXT.incrementAndGet());
    }

    public JdbcTemplate jdbc() {
        return jdbc;
    }

    public TransactionTemplate transaction() {
        return transaction;
    }

    public String name() {
        return name;
    }

    public ReadModelSnapshot snapshot() {
        return ReadModelSnapshot.of(jdbc);
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
