package io.waveflow.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.waveflow.bench.CapacityPhase.Bracket;
import org.junit.jupiter.api.Test;

class CapacityBracketTest {

    @Test
    void shouldDoubleWhileEveryStepHoldsThenHalveTheInterval() {
        Bracket b = Bracket.START.after(50, true);
        assertThat(b.next(50)).isEqualTo(100);
        b = b.after(100, true);
        assertThat(b.next(100)).isEqualTo(200);
        b = b.after(200, false);
        assertThat(b.narrow()).isFalse();
        assertThat(b.next(200)).isEqualTo(150);
        b = b.after(150, true);
        assertThat(b.next(150)).isEqualTo(175);
        b = b.after(175, false);
        assertThat(b.next(175)).isEqualTo(163);
        b = b.after(163, true);
        assertThat(b.held()).isEqualTo(163);
        assertThat(b.failed()).isEqualTo(175);
        assertThat(b.narrow()).isTrue();
    }

    @Test
    void shouldGoDownWhenTheStartRateFails() {
        Bracket b = Bracket.START.after(50, false);
        assertThat(b.held()).isZero();
        assertThat(b.next(50)).isEqualTo(25);
        assertThat(b.narrow()).isFalse();
        b = b.after(25, false).after(12, false).after(6, false).after(3, false);
        assertThat(b.narrow()).isTrue();
    }
}
