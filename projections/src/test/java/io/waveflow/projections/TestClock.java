package io.waveflow.projections;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/** The service's clock in the in-JVM ITs: the system's until a test stops it at an instant of its choosing. */
public final class TestClock extends Clock {

    private final AtomicReference<Instant> stoppedAt = new AtomicReference<>();

    public void stopAt(Instant instant) {
        stoppedAt.set(instant);
    }

    public void run() {
        stoppedAt.set(null);
    }

    @Override
    public Instant instant() {
        Instant stopped = stoppedAt.get();
        return stopped != null ? stopped : Instant.now();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the test clock is in UTC only");
    }
}
