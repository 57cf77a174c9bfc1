package io.waveflow.bridge.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;

/** What both bridge benchmarks read from their command line and from the machine. */
final class BenchArgs {

    private BenchArgs() {
    }

    /** {@code --name=value} arguments; anything else is ignored. */
    static Map<String, String> options(String[] args) {
        return Arrays.stream(args).filter(arg -> arg.startsWith("--") && arg.contains("="))
                .map(arg -> arg.substring(2).split("=", 2))
                .collect(Collectors.toMap(pair -> pair[0], pair -> pair[1]));
    }

    /** The 1, 5 and 15 minute load averages, so a result shows how busy the machine was. */
    static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }
}
