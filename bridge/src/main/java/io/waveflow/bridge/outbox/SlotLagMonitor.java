package io.waveflow.bridge.outbox;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Publishes how much WAL the outbox's replication slot holds back (bytes between the server's
 * current position and what the bridge confirmed) as {@code waveflow.bridge.outbox.slot.lag}.
 * Read on a schedule, not on scrape, so a slow database never slows a scrape; -1 while unknown.
 */
public class SlotLagMonitor implements AutoCloseable {

    static final String QUERY = "SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), confirmed_flush_lsn)::bigint "
            + "FROM pg_replication_slots WHERE slot_name = ?";
    private static final Logger log = LoggerFactory.getLogger(SlotLagMonitor.class);

    private final String jdbcUrl;
    private final String username;
    private final String password;
    private final String slotName;
    private final AtomicLong lagBytes = new AtomicLong(-1);
    private final ScheduledExecutorService scheduler;

    public SlotLagMonitor(String jdbcUrl, String username, String password, String slotName,
                          MeterRegistry meterRegistry) {
        this.jdbcUrl = jdbcUrl;
        this.username = username;
        this.password = password;
        this.slotName = slotName;
        Gauge.builder("waveflow.bridge.outbox.slot.lag", lagBytes, AtomicLong::get)
                .description("WAL bytes the outbox replication slot retains (-1 while unknown)")
                .baseUnit("bytes")
                .tag("slot", slotName)
                .register(meterRegistry);
        this.scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "outbox-slot-lag");
            thread.setDaemon(true);
            return thread;
        });
    }

    public void start(Duration interval) {
        scheduler.scheduleWithFixedDelay(this::refresh, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The last value read, in bytes; -1 while unknown. */
    public long lagBytes() {
        return lagBytes.get();
    }

    void refresh() {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, username, password);
             PreparedStatement query = connection.prepareStatement(QUERY)) {
            query.setString(1, slotName);
            try (ResultSet rows = query.executeQuery()) {
                long lag = rows.next() ? rows.getLong(1) : -1;
                lagBytes.set(rows.wasNull() ? -1 : lag);
            }
        } catch (SQLException e) {
            lagBytes.set(-1);
            log.debug("Cannot read the lag of replication slot {}: {}", slotName, e.toString());
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
