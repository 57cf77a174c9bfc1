package io.waveflow.replay.output;

/** RFC 4180 fields: quoted when they hold a comma, a double quote, CR or LF; quotes doubled. */
public final class Csv {

    /** RFC 4180 ends every record, the header too, with CRLF. */
    public static final String LINE_END = "\r\n";

    private Csv() {
    }

    public static String field(String value) {
        if (value == null) {
            return "";
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == ',' || c == '"' || c == '\r' || c == '\n') {
                return '"' + value.replace("\"", "\"\"") + '"';
            }
        }
        return value;
    }

    public static String line(String... values) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                line.append(',');
            }
            line.append(field(values[i]));
        }
        return line.append(LINE_END).toString();
    }
}
