package io.waveflow.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The suite's command line: {@code --quick} picks the small sizes; every size can be set on its own
 * as {@code --name=value}. Unknown options are refused, so a typo never runs the wrong benchmark.
 */
record BenchOptions(boolean quick, Map<String, String> values, Path repoRoot, Path output, String command) {

    static final Set<String> PHASES = Set.of("race", "hashcheck", "e2e", "latency", "capacity", "ingest");

    private static Map<String, String> defaults(boolean quick) {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("phases", "race,hashcheck,e2e,latency,capacity,ingest");
        d.put("concurrency", "16");
        d.put("ingest-concurrency", "32");
        d.put("ingest-warmup", quick ? "1" : "5");
        d.put("ingest-seconds", quick ? "3" : "15");
        d.put("hash-stems", quick ? "100" : "600");
        d.put("stems", quick ? "100" : "900");
        d.put("rate", quick ? "25" : "30");
        d.put("e2e-warmup", quick ? "3" : "10");
        d.put("duplicates", "0.10");
        d.put("pairs", quick ? "10" : "50");
        d.put("worker-threads", "4");
        d.put("hash-delay-ms", "20");
        d.put("analysis-delay-ms", "200");
        d.put("duplicate-delay-ms", "20");
        d.put("failure-share", "0");
        d.put("lost-share", "0");
        d.put("poll-ms", "100");
        // Latency and CPU rows (LatencyPhase): each rate, each design, a warm-up then a measured window.
        d.put("latency-rates", "30,100");
        d.put("latency-warmup", quick ? "2" : "30");
        d.put("latency-seconds", quick ? "5" : "20");
        d.put("latency-designs", "waveflow,seed");
        // Capacity search (CapacityPhase), per design.
        d.put("capacity-designs", "waveflow,seed");
        d.put("capacity-start", "50");
        d.put("capacity-seconds", quick ? "8" : "60");
        // Long enough for the services' JIT compilers to settle: a search on JVMs a minute old
        // measures them compiling (47 stems/s, where the same services warm held 122 to 225).
        d.put("capacity-warmup", quick ? "3" : "90");
        d.put("capacity-probe-seconds", quick ? "4" : "15");
        d.put("capacity-steps", quick ? "4" : "8");
        d.put("capacity-budget", quick ? "20" : "150");
        d.put("capacity-confirmations", quick ? "2" : "3");
        d.put("capacity-p99-ms", "2000");
        d.put("drain-seconds", quick ? "20" : "30");
        return d;
    }

    static BenchOptions parse(String[] args) {
        boolean quick = false;
        Map<String, String> given = new LinkedHashMap<>();
        for (String arg : args) {
            if (arg.equals("--quick")) {
                quick = true;
            } else if (arg.startsWith("--") && arg.contains("=")) {
                given.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
            } else {
                throw new IllegalArgumentException("Unknown argument " + arg + "; options: --quick "
                        + String.join(" ", defaults(false).keySet().stream().map(k -> "--" + k + "=").toList())
                        + " --output=PATH");
            }
        }
        Path repoRoot = Path.of(System.getProperty("waveflow.repoRoot", ".")).toAbsolutePath().normalize();
        Path output = Path.of(given.getOrDefault("output", repoRoot.resolve("BENCHMARKS.md").toString()));
        given.remove("output");
        Map<String, String> values = defaults(quick);
        for (String key : given.keySet()) {
            if (!values.containsKey(key)) {
                throw new IllegalArgumentException("Unknown option --" + key);
            }
        }
        values.putAll(given);
        for (String key : List.of("latency-designs", "capacity-designs")) {
            for (String design : values.get(key).split(",")) {
                if (!Set.of("waveflow", "seed").contains(design)) {
                    throw new IllegalArgumentException("Unknown design " + design + " in --" + key
                            + "; designs: waveflow, seed");
                }
            }
        }
        for (String phase : values.get("phases").split(",")) {
            if (!PHASES.contains(phase)) {
                throw new IllegalArgumentException("Unknown phase " + phase + "; phases: " + PHASES);
            }
        }
        StringBuilder command = new StringBuilder("bench/run.sh");
        if (quick) {
            command.append(" --quick");
        }
        given.forEach((k, v) -> command.append(" --").append(k).append('=').append(v));
        return new BenchOptions(quick, values, repoRoot, output, command.toString());
    }

    boolean runs(String phase) {
        return Set.of(values.get("phases").split(",")).contains(phase);
    }

    int concurrency() {
        return integer("concurrency");
    }

    int ingestConcurrency() {
        return integer("ingest-concurrency");
    }

    Duration ingestWarmup() {
        return Duration.ofSeconds(integer("ingest-warmup"));
    }

    Duration ingestSeconds() {
        return Duration.ofSeconds(integer("ingest-seconds"));
    }

    int hashStems() {
        return integer("hash-stems");
    }

    int e2eStems() {
        return integer("stems");
    }

    Duration e2eWarmup() {
        return Duration.ofSeconds(integer("e2e-warmup"));
    }

    double e2eRate() {
        return Double.parseDouble(values.get("rate"));
    }

    double duplicateShare() {
        return Double.parseDouble(values.get("duplicates"));
    }

    int racePairs() {
        return integer("pairs");
    }

    int workerThreads() {
        return integer("worker-threads");
    }

    long pollMillis() {
        return integer("poll-ms");
    }

    WorkerSimulator.Profile profile() {
        return new WorkerSimulator.Profile(Duration.ofMillis(integer("hash-delay-ms")),
                Duration.ofMillis(integer("analysis-delay-ms")), Duration.ofMillis(integer("duplicate-delay-ms")),
                Double.parseDouble(values.get("failure-share")), Double.parseDouble(values.get("lost-share")));
    }

    List<Double> latencyRates() {
        return Stream.of(values.get("latency-rates").split(",")).map(String::trim).map(Double::parseDouble).toList();
    }

    Duration latencyWarmup() {
        return Duration.ofSeconds(integer("latency-warmup"));
    }

    Duration latencySeconds() {
        return Duration.ofSeconds(integer("latency-seconds"));
    }

    List<String> latencyDesigns() {
        return List.of(values.get("latency-designs").split(","));
    }

    List<String> capacityDesigns() {
        return List.of(values.get("capacity-designs").split(","));
    }

    double capacityStart() {
        return Double.parseDouble(values.get("capacity-start"));
    }

    Duration capacitySeconds() {
        return Duration.ofSeconds(integer("capacity-seconds"));
    }

    Duration capacityWarmup() {
        return Duration.ofSeconds(integer("capacity-warmup"));
    }

    Duration capacityProbeSeconds() {
        return Duration.ofSeconds(integer("capacity-probe-seconds"));
    }

    /** Full-window steps at most, each 10 % below the last that failed. */
    int capacityConfirmations() {
        return integer("capacity-confirmations");
    }

    /** Probe steps at most. */
    int capacitySteps() {
        return integer("capacity-steps");
    }

    /** Wall time per design after which the search starts no further probe step. */
    Duration capacityBudget() {
        return Duration.ofSeconds(integer("capacity-budget"));
    }

    Duration capacityP99() {
        return Duration.ofMillis(integer("capacity-p99-ms"));
    }

    /** How long a run waits, after its last upload, for its stems to become final. */
    Duration drain() {
        return Duration.ofSeconds(integer("drain-seconds"));
    }

    String describe() {
        StringBuilder s = new StringBuilder();
        values.forEach((k, v) -> s.append(s.length() == 0 ? "" : ", ").append(k).append('=').append(v));
        return s.toString().toLowerCase(Locale.ROOT);
    }

    private int integer(String key) {
        return Integer.parseInt(values.get(key));
    }
}
