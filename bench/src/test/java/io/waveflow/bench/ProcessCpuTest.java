package io.waveflow.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProcessCpuTest {

    @Test
    void shouldAddUserAndSystemTicksAfterACommandNameWithSpacesAndParentheses() {
        String stat = "4242 (java (x) y) S 1 4242 4242 0 -1 4194560 100 0 0 0 1500 250 30 7 20 0 40 0 123 0 0";

        assertThat(ProcessCpu.ticks(stat, false)).isEqualTo(1750);
        assertThat(ProcessCpu.ticks(stat, true)).isEqualTo(1787);
    }

    @Test
    void shouldReadThisJvmsTicksAndZeroForAProcessThatIsGone() {
        // Starting a JVM and loading these classes costs well over one 10 ms tick of CPU.
        assertThat(ProcessCpu.ticks(ProcessHandle.current().pid(), false)).isPositive();
        assertThat(ProcessCpu.ticks(Long.MAX_VALUE, false)).isZero();
    }
}
