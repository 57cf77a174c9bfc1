package io.waveflow.replay.output;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
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
        assertThat(parse(line)).containsExactly(fields);
    }

    /** A minimal RFC 4180 reader, independent of the writer, for round-trip checks. */
    public static List<List<String>> parse(String text) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    field.append('"');
                    i += 2;
                    continue;
                }
                if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"' && field.isEmpty()) {
                quoted = true;
            } else if (c == ',') {
                row.add(field.toString());
                field.setLength(0);
            } else if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                row.add(field.toString());
                field.setLength(0);
                rows.add(row);
                row = new ArrayList<>();
                i += 2;
                continue;
            } else {
                field.append(c);
            }
            i++;
        }
        if (!field.isEmpty() || !row.isEmpty()) {
            row.add(field.toString());
            rows.add(row);
        }
        return rows;
    }
}
