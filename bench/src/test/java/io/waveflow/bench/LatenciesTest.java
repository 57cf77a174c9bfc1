package io.waveflow.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LatenciesTest {

    @Test
    void shouldAnswerNearestRankPercentiles() {
        long[] hundred = new long[100];
        for (int i = 0; i < 100; i++) {
            hundred[i] = 100 - i; // unsorted on purpose
        }
        assertThat(Latencies.percentile(hundred, 50)).isEqualTo(50);
        assertThat(Latencies.percentile(hundred, 99)).isEqualTo(99);
        assertThat(Latencies.percentile(hundred, 100)).isEqualTo(100);
        assertThat(Latencies.percentile(hundred, 0)).isEqualTo(1);
    }

    @Test
    void shouldAnswerTheOnlyValueForEveryPercentileOfOne() {
        assertThat(Latencies.percentile(new long[] {7}, 50)).isEqualTo(7);
        assertThat(Latencies.percentile(new long[] {7}, 99)).isEqualTo(7);
    }

    @Test
    void shouldAnswerNaNWhenEmptyAndRefusePercentilesOutOfRange() {
        assertThat(new Latencies().percentileMillis(99)).isNaN();
        assertThatThrownBy(() -> Latencies.percentile(new long[] {1}, 101)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldReportMillisecondsOfRecordedNanoseconds() {
        Latencies latencies = new Latencies();
        for (int i = 1; i <= 2000; i++) {
            latencies.record(i * 1_000_000L);
        }
        assertThat(latencies.count()).isEqualTo(2000);
        assertThat(latencies.percentileMillis(50)).isEqualTo(1000.0);
        assertThat(latencies.percentileMillis(99)).isEqualTo(1980.0);
    }
}
