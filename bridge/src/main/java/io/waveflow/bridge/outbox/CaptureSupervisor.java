package io.waveflow.bridge.outbox;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.util.backoff.BackOffExecution;
import org.springframework.util.backoff.ExponentialBackOff;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Decides whether this bridge captures the outbox or stands by, and restarts capture after it
 * stopped. PostgreSQL lets one connection stream from a replication slot at a time, so the slot is
 * the lock between bridges: this loop starts an engine only while nobody holds the slot, waits
 * quietly while another process holds it, and after an error pauses (doubling up to a maximum)
 * before it looks again. An engine that lost a race for a free slot to another bridge is not an
 * error: it goes back to standing by. Runs on one thread until {@link #stop()}.
 */
public final class CaptureSupervisor implements Runnable {

    /** SQLSTATE object_in_use: PostgreSQL's "replication slot ... is active for PID ...". */
    static final String SLOT_IN_USE = "55006";

    private static final Logger log = LoggerFactory.getLogger(CaptureSupervisor.class);

    /** One run of a capture engine, from its start until it stops. */
    public interface Capture {
        /** Runs on the calling thread until the engine stops; returns the error it stopped on, or null. */
        Throwable run();

        /** Makes a running {@link #run()} return soon, or one not started yet return at once. */
        void close();
    }

    /** The PostgreSQL process streaming from the slot, {@code 0} while the slot is free or absent. */
    @FunctionalInterface
    public interface SlotHolder {
        int read() throws SQLException;
    }

    /** Waits for {@code duration}, or less once the supervisor is stopping. */
    @FunctionalInterface
    interface Pause {
        void await(Duration duration) throws InterruptedException;
    }

    private final String slotName;
    private final SlotHolder slot;
    private final Supplier<Capture> captures;
    private final Duration pollInterval;
    private final Duration backoffMax;
    private final Clock clock;
    private final Pause pause;
    private final ExponentialBackOff backOff;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicLong starts = new AtomicLong();
    private volatile OutboxRole role = OutboxRole.STANDBY;
    private volatile boolean stopping;
    private Capture current;
    private BackOffExecution pauses;
    private int failures;
    private boolean announced;

    /**
     * @param captures     a new engine for each run (an engine runs once)
     * @param pollInterval how often a standby looks at the slot; also the first pause after an error
     * @param backoffMax   the longest pause after repeated errors; a run at least this long resets the pause
     */
    public CaptureSupervisor(String slotName, SlotHolder slot, Supplier<Capture> captures, Duration pollInterval,
                             Duration backoffMax, Clock clock) {
        this(slotName, slot, captures, pollInterval, backoffMax, clock, null);
    }

    CaptureSupervisor(String slotName, SlotHolder slot, Supplier<Capture> captures, Duration pollInterval,
                      Duration backoffMax, Clock clock, Pause pause) {
        this.slotName = slotName;
        this.slot = slot;
        this.captures = captures;
        this.pollInterval = pollInterval;
        this.backoffMax = backoffMax;
        // The pauses after errors in a row: the poll interval, doubling, at most backoffMax, never giving up.
        this.backOff = new ExponentialBackOff(pollInterval.toMillis(), 2.0);
        this.backOff.setMaxInterval(backoffMax.toMillis());
        this.clock = clock;
        this.pause = pause != null ? pause : duration -> stopped.await(duration.toMillis(), TimeUnit.MILLISECONDS);
    }

    public OutboxRole role() {
        return role;
    }

    /** How many engines this supervisor started. */
    public long starts() {
        return starts.get();
    }

    @Override
    public void run() {
        while (!stopping) {
            int holder;
            try {
                holder = slot.read();
            } catch (SQLException | RuntimeException e) {
                recover("Cannot read the state of replication slot " + slotName + ": " + e, null);
                continue;
            }
            if (holder != 0) {
                standBy("replication slot " + slotName + " is in use by PostgreSQL process " + holder
                        + " (another bridge)");
            } else {
                capture();
            }
        }
        role = OutboxRole.STANDBY;
    }

    /** Stops the loop: wakes a pause and closes a running engine. */
    public void stop() {
        Capture running;
        synchronized (this) {
            stopping = true;
            running = current;
        }
        stopped.countDown();
        if (running != null) {
            running.close();
        }
    }

    private void capture() {
        Capture capture;
        try {
            synchronized (this) {
                if (stopping) {
                    return;
                }
                capture = captures.get();
                current = capture;
            }
        } catch (RuntimeException e) {
            recover("Cannot create the outbox engine", e);
            return;
        }
        role = OutboxRole.ACTIVE;
        starts.incrementAndGet();
        log.info("Replication slot {} is free; starting outbox capture", slotName);
        Instant started = clock.instant();
        Throwable error = capture.run();
        synchronized (this) {
            current = null;
        }
        if (stopping) {
            return;
        }
        if (Duration.between(started, clock.instant()).compareTo(backoffMax) >= 0) {
            resetFailures();
        }
        if (slotInUse(error)) {
            // Two standbys saw the slot free at once and this one lost: PostgreSQL refused it the stream.
            standBy("another bridge took replication slot " + slotName + " first");
        } else {
            recover("Outbox capture stopped " + (error == null ? "by itself" : "on an error"), error);
        }
    }

    /** Logged once when this bridge starts standing by, not at every look at the slot. */
    private void standBy(String reason) {
        resetFailures();
        boolean already = role == OutboxRole.STANDBY && announced;
        role = OutboxRole.STANDBY;
        announced = true;
        if (!already) {
            log.info("Standing by: {}; checking every {}", reason, pollInterval);
        } else {
            log.debug("Still standing by: {}", reason);
        }
        await(pollInterval);
    }

    private void recover(String message, Throwable error) {
        if (failures++ == 0) {
            pauses = backOff.start();
        }
        role = OutboxRole.RECOVERING;
        Duration wait = Duration.ofMillis(pauses.nextBackOff());
        if (error != null) {
            log.error("{}; trying again in {} ({} in a row)", message, wait, failures, error);
        } else {
            log.warn("{}; trying again in {} ({} in a row)", message, wait, failures);
        }
        await(wait);
    }

    private void resetFailures() {
        failures = 0;
        pauses = null;
    }

    private void await(Duration duration) {
        try {
            pause.await(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopping = true;
        }
    }

    /** Whether PostgreSQL refused the stream because another connection holds the slot. */
    static boolean slotInUse(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && SLOT_IN_USE.equals(sql.getSQLState())) {
                return true;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }
}
