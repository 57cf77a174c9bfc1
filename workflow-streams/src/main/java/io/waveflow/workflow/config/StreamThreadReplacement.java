package io.waveflow.workflow.config;

import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * A stream thread that dies is replaced, so the instance keeps deciding with the threads it was
 * configured with instead of running on fewer or none. Kafka Streams calls this on the dying
 * thread: waiting here before the replacement starts is the backoff, doubling from one second
 * to half a minute while failures keep coming (the broker is away, a dead letter cannot be
 * written), back to one second after a quiet five minutes.
 */
final class StreamThreadReplacement implements StreamsUncaughtExceptionHandler {

    static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    static final Duration QUIET_RESET = Duration.ofMinutes(5);

    private static final Logger log = LoggerFactory.getLogger(StreamThreadReplacement.class);

    private final Clock clock;
    private final Sleeper sleeper;
    private Duration backoff = Duration.ZERO;
    private Instant lastFailure = Instant.MIN;

    interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    StreamThreadReplacement() {
        this(Clock.systemUTC(), duration -> Thread.sleep(duration.toMillis()));
    }

    StreamThreadReplacement(Clock clock, Sleeper sleeper) {
        this.clock = clock;
        this.sleeper = sleeper;
    }

    @Override
    public StreamThreadExceptionResponse handle(Throwable exception) {
        Duration wait = nextBackoff();
        log.error("a stream thread died; replacing it in {} ms", wait.toMillis(), exception);
        try {
            sleeper.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return StreamThreadExceptionResponse.REPLACE_THREAD;
    }

    synchronized Duration nextBackoff() {
        Instant now = clock.instant();
        if (lastFailure.isBefore(now.minus(QUIET_RESET))) {
            backoff = FIRST_BACKOFF;
        } else {
            Duration doubled = backoff.multipliedBy(2);
            backoff = doubled.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : doubled;
        }
        lastFailure = now;
        return backoff;
    }
}
