package io.waveflow.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.waveflow.bench.ChaosVerifier.Verdict;
import org.junit.jupiter.api.Test;

/**
 * The chaos suite's short version in CI: one local stack, each service killed with SIGKILL once in
 * the middle of a round of stems; every round must hold (nothing lost, nothing analysed twice,
 * recovered within a minute). The full suite (broker restart, PostgreSQL paused, SQS stopped) is
 * {@code bench/run.sh --chaos}.
 */
class ChaosIT {

    @Test
    void shouldSettleEveryStemWhenEachServiceIsKilledOnceMidRound() throws Exception {
        // given
        Path repoRoot = Path.of(System.getProperty("waveflow.repoRoot", ".."));
        ChaosSuite.Options options = new ChaosSuite.Options(Fault.KILLS, 100, 20, Duration.ofSeconds(30),
                Duration.ofSeconds(90), repoRoot, null, "ChaosIT");

        // when
        List<Verdict> verdicts = new ChaosSuite(options).runAll();

        // then
        verdicts.forEach(v -> System.out.println(v.line()));
        assertThat(verdicts).extracting(Verdict::fault).containsExactlyElementsOf(Fault.KILLS);
        assertThat(verdicts).allSatisfy(v -> {
            assertThat(v.restarts()).as(v.line()).isNotEqualTo("none");
            assertThat(v.holds()).as(v.line()).isTrue();
        });
    }
}
