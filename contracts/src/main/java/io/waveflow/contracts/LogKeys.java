package io.waveflow.contracts;

/** Keys every service puts into the logging context (MDC), so one stem's lines can be joined across services. */
public final class LogKeys {

    /** The stem a log line is about. */
    public static final String STEM_ID = "stemId";

    private LogKeys() {
    }
}
