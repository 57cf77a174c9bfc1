package io.waveflow.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BenchOptionsTest {

    @Test
    void shouldUseTheQuickSizesAndKeepTheCommandThatReproducesTheRun() {
        BenchOptions options = BenchOptions.parse(new String[] {"--quick", "--stems=50"});

        assertThat(options.quick()).isTrue();
        assertThat(options.e2eStems()).isEqualTo(50);
        assertThat(options.racePairs()).isEqualTo(10);
        assertThat(options.duplicateShare()).isEqualTo(0.10);
        assertThat(options.command()).isEqualTo("bench/run.sh --quick --stems=50");
    }

    @Test
    void shouldRefuseAnUnknownOptionOrPhase() {
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--stem=5"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--stem");
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--phases=race,nope"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nope");
    }

    @Test
    void shouldWarmUpEndToEndLongerInTheFullSuiteThanInQuickMode() {
        assertThat(BenchOptions.parse(new String[0]).e2eWarmup()).hasSeconds(10);
        assertThat(BenchOptions.parse(new String[] {"--quick"}).e2eWarmup()).hasSeconds(3);
        assertThat(BenchOptions.parse(new String[] {"--e2e-warmup=0"}).e2eWarmup()).isZero();
    }

    @Test
    void shouldSearchCapacityForBothDesignsWithAShortWindowInQuickMode() {
        BenchOptions full = BenchOptions.parse(new String[0]);
        BenchOptions quick = BenchOptions.parse(new String[] {"--quick", "--capacity-seconds=5", "--latency-rates=10,20"});

        assertThat(full.runs("capacity")).isTrue();
        assertThat(full.runs("latency")).isTrue();
        assertThat(full.capacityDesigns()).containsExactly("waveflow", "seed");
        assertThat(full.capacitySeconds()).hasSeconds(60);
        assertThat(full.capacityP99()).hasMillis(2000);
        assertThat(full.latencyRates()).containsExactly(30.0, 100.0);
        assertThat(quick.capacitySeconds()).hasSeconds(5);
        assertThat(quick.latencyRates()).containsExactly(10.0, 20.0);
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--capacity-designs=waveflow,nodejs"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nodejs");
    }
}
