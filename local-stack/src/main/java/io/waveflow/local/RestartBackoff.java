package io.waveflow.local;

import java.time.Duration;

/**
 * How long the local stack waits before restarting a service that exited on its own: 1 s, then
 * doubling up to 30 s while it keeps failing, so a service that cannot start (a broken jar, a
 * port someone else took) neither spins nor gives up. A service that had run for a minute before
 * it exited counts as healthy again and is restarted after 1 s.
 */
final class RestartBackoff {

    static final Duration FIRST = Duration.ofSeconds(1);
    static final Duration MAX = Duration.ofSeconds(30);
    static final Duration STABLE = Duration.ofMinutes(1);

    private int failures;

    /** The wait before the next start of a service that ran for {@code ranFor} before it exited. */
    synchronized Duration next(Duration ranFor) {
        if (ranFor.compareTo(STABLE) >= 0) {
            failures = 0;
        }
        Duration wait = FIRST.multipliedBy(1L << Math.min(failures, 5));
        failures++;
        return wait.compareTo(MAX) > 0 ? MAX : wait;
    }
}
