package io.waveflow.replay.report;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class ProgressBarTest {

    @Test
    void shouldShowShareRateAndTimeLeft() {
        assertThat(ProgressBar.render(250_000, 1_000_000, 2_000_000_000L))
                .isEqualTo("[########......................]  25%  250,000/1,000,000 records  125,000/s  6s left");
        assertThat(ProgressBar.render(10, 10, 1_000_000_000L))
                .isEqualTo("[##############################] 100%  10/10 records  10/s");
        assertThat(ProgressBar.render(0, 0, 0)).startsWith("[##############################] 100%");
    }

    @Test
    void shouldRedrawAtMostFiveTimesASecondAndClearItself() {
        // given
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        AtomicLong now = new AtomicLong();
        ProgressBar bar = new ProgressBar(new PrintStream(err, true, StandardCharsets.UTF_8), now::get);

        // when
        bar.progress(1, 100);
        now.addAndGet(100_000_000L);
        bar.progress(2, 100);
        now.addAndGet(150_000_000L);
        bar.progress(3, 100);
        bar.clear();

        // then
        String drawn = err.toString(StandardCharsets.UTF_8);
        assertThat(drawn.split("\r", -1)).filteredOn(part -> part.startsWith("[")).hasSize(2);
        assertThat(drawn).endsWith("\r").doesNotContain("\n");
    }
}
