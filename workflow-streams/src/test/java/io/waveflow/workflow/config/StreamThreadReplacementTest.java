package io.waveflow.workflow.config;

import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class StreamThreadReplacementTest {

    private Instant now = Instant.parse("2026-12-07T00:00:00Z");
    private final List<Duration> waited = new ArrayList<>();
    private final StreamThreadReplacement replacement = new StreamThreadReplacement(
            new Clock() {
                @Override
                public ZoneOffset getZone() {
                    return ZoneOffset.UTC;
                }

                @Override
                public Clock withZone(java.time.ZoneId zone) {
                    return this;
                }

                @Override
                public Instant instant() {
                    return now;
                }
            }, waited::add);

    @Test
    void shouldReplaceTheThreadAfterABackoffThatDoublesUpToHalfAMinute() {
        for (int i = 0; i < 7; i++) {
            assertThat(replacement.handle(new IllegalStateException("boom")))
                    .isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
            now = now.plusSeconds(1);
        }

        assertThat(waited).extracting(Duration::toSeconds).containsExactly(1L, 2L, 4L, 8L, 16L, 30L, 30L);
    }

    @Test
    void shouldStartOverAfterFiveQuietMinutes() {
        replacement.handle(new IllegalStateException("boom"));
        replacement.handle(new IllegalStateException("boom"));
        now = now.plus(StreamThreadReplacement.QUIET_RESET).plusSeconds(1);

        replacement.handle(new IllegalStateException("boom"));

        assertThat(waited).extracting(Duration::toSeconds).containsExactly(1L, 2L, 1L);
    }
}
