package io.waveflow.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class RestartBackoffTest {

    @Test
    void shouldDoubleFromOneSecondUpToThirtyWhileTheServiceKeepsFailing() {
        RestartBackoff backoff = new RestartBackoff();

        assertThat(backoff.next(Duration.ofSeconds(2))).isEqualTo(Duration.ofSeconds(1));
        assertThat(backoff.next(Duration.ofSeconds(2))).isEqualTo(Duration.ofSeconds(2));
        assertThat(backoff.next(Duration.ofSeconds(2))).isEqualTo(Duration.ofSeconds(4));
        assertThat(backoff.next(Duration.ofSeconds(2))).isEqualTo(Duration.ofSeconds(8));
        assertThat(backoff.next(Duration.ofSeconds(2))).isEqualTo(Duration.ofSeconds(16));
        assertThat(backoff.next(Duration.ofSeconds(2))).isEqualTo(Duration.ofSeconds(30));
        assertThat(backoff.next(Duration.ofSeconds(2))).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void shouldStartOverAfterTheServiceRanForAMinute() {
        RestartBackoff backoff = new RestartBackoff();
        backoff.next(Duration.ZERO);
        backoff.next(Duration.ZERO);

        assertThat(backoff.next(Duration.ofMinutes(1))).isEqualTo(Duration.ofSeconds(1));
        assertThat(backoff.next(Duration.ofSeconds(5))).isEqualTo(Duration.ofSeconds(2));
    }
}
