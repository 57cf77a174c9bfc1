package io.waveflow.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

class ReportTest {

    @Test
    void shouldOrderFiguresByNumberAndWriteTablesBeforeTheNotes() {
        Report report = new Report();
        report.add(new Report.Row("10", "ten", "v10", "c"));
        report.add(new Report.Row("2", "two", "v2", "c"));
        report.add(new Report.Row("4 (quoted)", "quoted", "vq", "c"));
        report.add(new Report.Row("4", "four", "v4", "c"));
        report.table("Figure 9: by process", List.of("process", "A"), List.of(List.of("bridge", "1.00 ms")));
        report.note("a note");
        BenchOptions options = BenchOptions.parse(new String[] {"--quick"});

        String md = report.markdown(new BenchOptions(options.quick(), options.values(), Path.of("/nonexistent"),
                options.output(), options.command()), Instant.EPOCH, "0.1 0.1 0.1", "0.2 0.2 0.2", "0.3 0.3 0.3");

        assertThat(md.indexOf("| two |")).isLessThan(md.indexOf("| quoted |"));
        assertThat(md.indexOf("| quoted |")).isLessThan(md.indexOf("| four |"));
        assertThat(md.indexOf("| four |")).isLessThan(md.indexOf("| ten |"));
        assertThat(md).contains("### Figure 9: by process\n\n| process | A |\n|---|---|\n| bridge | 1.00 ms |\n");
        assertThat(md.indexOf("### Figure 9")).isLessThan(md.indexOf("## Notes"));
    }
}
