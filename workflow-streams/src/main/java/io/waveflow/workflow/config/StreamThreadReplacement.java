package io.waveflow.workflow.config;

import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.util.backoff.BackOffExecution;
import org.springframework.util.backoff.ExponentialBackOff;

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
    private final ExponentialBackOff backOff = backOff();
    private BackOffExecution execution;
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
        if (execution == null || lastFailure.isBefore(now.minus(QUIET_RESET))) {
            execution = backOff.start();
        }
        lastFailure = now;
        return Duration.ofMillis(execution.nextBackOff());
    }

    /** 1 s, 2 s, 4 s … 30 s, 30 s …, never giving up (no maximum elapsed time or attempts). */
    private static ExponentialBackOff backOff() {
        ExponentialBackOff backOff = new ExponentialBackOff(FIRST_BACKOFF.toMillis(), 2.0);
        backOff.setMaxInterval(MAX_BACKOFF.toMillis());
        return backOff;
    }
}
