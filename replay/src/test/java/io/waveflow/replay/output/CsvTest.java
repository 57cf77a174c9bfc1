package io.waveflow.replay.output;

import io.waveflow.replay.CsvReader;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CsvTest {

    @Test
    void shouldLeavePlainFieldsUnquoted() {
        assertThat(Csv.field("io.waveflow.inbound.UploadCompleted.v1")).isEqualTo("io.waveflow.inbound.UploadCompleted.v1");
        assertThat(Csv.field("with space")).isEqualTo("with space");
        assertThat(Csv.field("")).isEmpty();
        assertThat(Csv.field(null)).isEmpty();
    }

    @Test
    void shouldQuoteCommasQuotesAndLineBreaks() {
        assertThat(Csv.field("a,b")).isEqualTo("\"a,b\"");
        assertThat(Csv.field("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(Csv.field("line1\nline2")).isEqualTo("\"line1\nline2\"");
        assertThat(Csv.field("line1\r\nline2")).isEqualTo("\"line1\r\nline2\"");
        assertThat(Csv.field("\"")).isEqualTo("\"\"\"\"");
    }

    @Test
    void shouldEndEveryLineWithCrLf() {
        assertThat(Csv.line("a", "b,c", null)).isEqualTo("a,\"b,c\",\r\n");
    }

    @Test
    void shouldRoundTripTrickyFieldsThroughAnRfc4180Reader() {
        // given
        List<String> fields = List.of("plain", "a, \"b\"\r\nc.wav", "", "\"\"", ",", "\n", "{\"k\":\"v,w\"}", "ünïcødé");

        // when
        String line = Csv.line(fields.toArray(String[]::new));

        // then
        assertThat(CsvReader.parse(line)).containsExactly(fields);
    }
}
