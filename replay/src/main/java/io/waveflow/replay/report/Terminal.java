package io.waveflow.replay.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Whether stderr is a terminal, so a progress bar is seen by a person and not stored in a log. */
public final class Terminal {

    private Terminal() {
    }

    public static boolean isStderrTerminal() {
        try {
            // Linux: what fd 2 points to. System.console() alone would say no whenever stdout is
            // redirected, the usual way to run replay.
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return System.console() != null;
        }
    }
}
