package io.waveflow.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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

    /** The bench JVM's label in the memory and CPU figures: it hosts more than the load generator. */
    static final String BENCH_JVM = "bench JVM (Kafka, ElasticMQ, load generator, worker simulator, baseline)";
    static final String POSTGRES = "PostgreSQL processes";

    /**
     * The service JVMs the local stack started, by module, found among this JVM's descendants by
     * their exec jar.
     */
    static Map<String, Long> servicePids(List<String> modules) {
        Map<String, Long> pids = new LinkedHashMap<>();
        for (ProcessHandle p : ProcessHandle.current().descendants().toList()) {
            String command = p.info().commandLine().orElse("");
            for (String module : modules) {
                if (command.contains("/" + module + "/target/") || command.contains("/" + module + "-")) {
                    pids.putIfAbsent(module, p.pid());
                }
            }
        }
        return pids;
    }

    /**
     * The PostgreSQL server processes of the stack: pg_ctl detaches the server, so its processes are
     * not this JVM's descendants; the postmaster names the data directory and the others are its children.
     */
    static List<Long> postgresPids(Path dataDir) {
        String pgData = dataDir.resolve("postgres").toString();
        List<Long> pids = new ArrayList<>();
        for (ProcessHandle p : ProcessHandle.allProcesses().toList()) {
            String command = p.info().commandLine().orElse("");
            if (command.contains(pgData) || p.parent().map(parent -> parent.info().commandLine().orElse("")
                    .contains(pgData)).orElse(false)) {
                pids.add(p.pid());
            }
        }
        return pids;
    }

    /**
     * The peak RSS of each service JVM the local stack started, plus this JVM (Kafka, ElasticMQ, the
     * load generator and the worker simulator) and the PostgreSQL server processes summed (shared
     * buffers counted once per process, so an upper bound).
     */
    static Map<String, Double> peakRss(List<String> modules, Path dataDir) {
        Map<String, Double> peaks = new LinkedHashMap<>();
        servicePids(modules).forEach((module, pid) -> peaks.put(module, peakRssMiB(pid)));
        double postgres = 0;
        for (long pid : postgresPids(dataDir)) {
            postgres += Math.max(0, peakRssMiB(pid));
        }
        peaks.put(BENCH_JVM, peakRssMiB(ProcessHandle.current().pid()));
        peaks.put(POSTGRES + " (sum of peaks)", postgres);
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
