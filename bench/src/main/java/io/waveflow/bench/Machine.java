package io.waveflow.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What the report says about the machine, read from /proc: cores, memory, CPU model, load, peak RSS. */
final class Machine {

    private Machine() {
    }

    static String loadAverage() {
        return read("/proc/loadavg").map(s -> String.join(" ", List.of(s.trim().split("\\s+")).subList(0, 3)))
                .orElse("n/a");
    }

    /** Whether a {@link #loadAverage()} reading shows more runnable processes than cores (unknown counts as busy). */
    static boolean busy(String loadAverage) {
        try {
            return Double.parseDouble(loadAverage.split(" ")[0]) > Runtime.getRuntime().availableProcessors();
        } catch (NumberFormatException e) {
            return true;
        }
    }

    static String cpuModel() {
        return read("/proc/cpuinfo").flatMap(s -> s.lines().filter(l -> l.startsWith("model name"))
                .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst()).orElse("n/a");
    }

    static String memory() {
        return read("/proc/meminfo").flatMap(s -> s.lines().filter(l -> l.startsWith("MemTotal"))
                .map(l -> String.format("%.1f GiB", Long.parseLong(l.replaceAll("\\D", "")) / 1024.0 / 1024.0))
                .findFirst()).orElse("n/a");
    }

    static String java() {
        return System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version");
    }

    /** Peak resident set (VmHWM) of a process in MiB, or -1 when it cannot be read. */
    static double peakRssMiB(long pid) {
        return read("/proc/" + pid + "/status").flatMap(s -> s.lines().filter(l -> l.startsWith("VmHWM"))
                .map(l -> Long.parseLong(l.replaceAll("\\D", "")) / 1024.0).findFirst()).orElse(-1.0);
    }

    /**
     * The peak RSS of each service JVM the local stack started (found among this JVM's descendants by
     * its exec jar), plus this JVM (Kafka, ElasticMQ, the load generator and the worker simulator)
     * and the PostgreSQL server processes summed (shared buffers counted once per process, so an upper bound).
     */
    static Map<String, Double> peakRss(List<String> modules, Path dataDir) {
        Map<String, Double> peaks = new LinkedHashMap<>();
        double postgres = 0;
        for (ProcessHandle p : ProcessHandle.current().descendants().toList()) {
            String command = p.info().commandLine().orElse("");
            for (String module : modules) {
                if (command.contains("/" + module + "/target/") || command.contains("/" + module + "-")) {
                    peaks.putIfAbsent(module, peakRssMiB(p.pid()));
                }
            }
        }
        // pg_ctl detaches the server, so its processes are not descendants; they name the data directory.
        String pgData = dataDir.resolve("postgres").toString();
        for (ProcessHandle p : ProcessHandle.allProcesses().toList()) {
            String command = p.info().commandLine().orElse("");
            if (command.contains(pgData) || p.parent().map(parent -> parent.info().commandLine().orElse("")
                    .contains(pgData)).orElse(false)) {
                postgres += Math.max(0, peakRssMiB(p.pid()));
            }
        }
        peaks.put("bench JVM (Kafka, ElasticMQ, load generator, worker simulator, baseline)",
                peakRssMiB(ProcessHandle.current().pid()));
        peaks.put("PostgreSQL processes (sum of peaks)", postgres);
        return peaks;
    }

    private static Optional<String> read(String path) {
        try {
            return Optional.of(Files.readString(Path.of(path)));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
