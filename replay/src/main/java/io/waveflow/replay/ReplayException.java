package io.waveflow.replay;

/**
 * Something the person running replay can fix: a bad option, an unknown topic, a broker that
 * cannot be reached. The command prints the message on one line and exits with {@link #EXIT_CODE}.
 */
public class ReplayException extends RuntimeException {

    /** The exit code of every usage or environment error (picocli's usage code). */
    public static final int EXIT_CODE = 2;

    public ReplayException(String message) {
        super(message);
    }

    public ReplayException(String message, Throwable cause) {
        super(message, cause);
    }
}
