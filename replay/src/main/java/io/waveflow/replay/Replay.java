package io.waveflow.replay;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;

/** Starts the replay command line; everything it does is in {@link ReplayCommand}. */
public final class Replay {

    private Replay() {
    }

    public static void main(String[] args) {
        // A large buffer straight on fd 1: System.out flushes far too often for a million lines.
        BufferedOutputStream stdout = new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16);
        System.exit(ReplayCommand.commandLine(stdout, System.err).execute(args));
    }
}
