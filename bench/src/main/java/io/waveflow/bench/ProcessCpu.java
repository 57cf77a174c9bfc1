package io.waveflow.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CPU time of each process of the stack, from {@code /proc/<pid>/stat} (utime + stime, in clock
 * ticks of {@code getconf CLK_TCK}): two samples around a measured window give each process's CPU
 * in that window, which the suite divides by the stems that became final in it.
 *
 * <p>PostgreSQL is a postmaster and a process per connection; a backend that exits during the
 * window is reaped by the postmaster and its time moves into the postmaster's cutime + cstime, so
 * the sum over the live processes plus the postmaster's reaped children's time counts each tick once.
 * The seed-style server runs inside the bench JVM; its threads' CPU (ThreadMXBean, by thread name)
 * is reported as the part of the bench JVM that is the baseline's service.
 */
final class ProcessCpu {

    static final List<String> SERVICES = List.of("bridge", "workflow-streams", "projections");
    static final String SEED_SERVER = "of which the seed-style server's threads";
    static final String GENERATOR = "of which the load generator's and worker simulators' threads";
    static final String SERVICES_JIT = "of which the three services' JIT compiler threads (C1, C2)";

    /** CPU milliseconds by process at one moment, with the moment ({@link System#nanoTime()}). */
    record Sample(long nanos, Map<String, Double> millis) {
    }

    private static final long TICKS_PER_SECOND = clockTicks();

    private final Map<String, Long> services;
    private final Path dataDir;

    ProcessCpu(Path dataDir) {
        this.services = Machine.servicePids(SERVICES);
        this.dataDir = dataDir;
    }

    Sample sample() {
        Map<String, Double> millis = new LinkedHashMap<>();
        for (String service : SERVICES) {
            Long pid = services.get(service);
            millis.put(service, pid == null ? Double.NaN : ticksToMillis(ticks(pid, false)));
        }
        long jit = 0;
        for (Long pid : services.values()) {
            jit += pid == null ? 0 : compilerTicks(pid);
        }
        millis.put(SERVICES_JIT, ticksToMillis(jit));
        long postgres = 0;
        for (long pid : Machine.postgresPids(dataDir)) {
            // Only the postmaster (the one naming the data directory) has reaped children of ours.
            postgres += ticks(pid, isPostmaster(pid));
        }
        millis.put(Machine.POSTGRES, ticksToMillis(postgres));
        millis.put(Machine.BENCH_JVM, ticksToMillis(ticks(ProcessHandle.current().pid(), false)));
        millis.putAll(benchThreadsMillis());
        return new Sample(System.nanoTime(), millis);
    }

    /** CPU milliseconds per stem of each process between two samples; NaN when nothing became final. */
    static Map<String, Double> perStem(Sample start, Sample end, long stems) {
        Map<String, Double> perStem = new LinkedHashMap<>();
        end.millis().forEach((who, ms) -> perStem.put(who, stems == 0 ? Double.NaN : (ms - start.millis().get(who)) / stems));
        return perStem;
    }

    /** CPU milliseconds of each process between two samples per second of the window: 1000 is one core busy. */
    static Map<String, Double> perSecond(Sample start, Sample end) {
        double seconds = (end.nanos() - start.nanos()) / 1e9;
        Map<String, Double> perSecond = new LinkedHashMap<>();
        end.millis().forEach((who, ms) -> perSecond.put(who, (ms - start.millis().get(who)) / seconds));
        return perSecond;
    }

    private boolean isPostmaster(long pid) {
        return ProcessHandle.of(pid).flatMap(p -> p.info().commandLine())
                .map(c -> c.contains(dataDir.resolve("postgres").toString())).orElse(false);
    }

    /** utime + stime of a process (and, for a parent that reaps ours, its waited-for children's), in ticks; 0 if gone. */
    static long ticks(long pid, boolean withReapedChildren) {
        try {
            return ticks(Files.readString(Path.of("/proc/" + pid + "/stat"), StandardCharsets.US_ASCII), withReapedChildren);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /**
     * utime + stime of a JVM's JIT compiler threads ({@code C1 CompilerThre…}, {@code C2 CompilerThre…}
     * in {@code /proc/<pid>/task/<tid>/stat}), in ticks: the part of a young service's CPU that is
     * compiling its hot code rather than running it, and that ends once it is compiled.
     */
    static long compilerTicks(long pid) {
        long ticks = 0;
        try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    String stat = Files.readString(task.resolve("stat"), StandardCharsets.US_ASCII);
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
                        ticks += ticks(stat, false);
                    }
                } catch (IOException | RuntimeException e) {
                    // the thread ended between the listing and the read
                }
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return ticks;
    }

    /** utime + stime (+ cutime + cstime) from the text of a {@code /proc/<pid>/stat}. */
    static long ticks(String stat, boolean withReapedChildren) {
        // The command name (field 2) is in parentheses and may hold spaces and parentheses: count after the last ')'.
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        // f[0] is field 3 (state): utime is field 14, stime 15, cutime 16, cstime 17.
        long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
        return withReapedChildren ? ticks + Long.parseLong(f[13]) + Long.parseLong(f[14]) : ticks;
    }

    private static double ticksToMillis(long ticks) {
        return ticks * 1000.0 / TICKS_PER_SECOND;
    }

    /**
     * CPU time of two groups of the bench JVM's threads, told apart by name: the seed-style
     * baseline's request threads (its HTTP server and handler pool, which also query PostgreSQL and
     * send to SQS), and the suite's own load: the worker simulators' pollers and answer scheduler, the
     * JDK HTTP client's threads (uploads and webhooks), the main thread (the send loop) and the
     * final-state poller. Only live threads
     * count, so a thread that ended inside the window is missed: a lower bound.
     */
    private static Map<String, Double> benchThreadsMillis() {
        Map<String, Double> millis = new LinkedHashMap<>();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        if (!threads.isThreadCpuTimeSupported()) {
            millis.put(SEED_SERVER, Double.NaN);
            millis.put(GENERATOR, Double.NaN);
            return millis;
        }
        long seed = 0;
        long generator = 0;
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info == null) {
                continue;
            }
            String name = info.getThreadName();
            long nanos = Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
            if (name.startsWith(SeedBaseline.THREAD_PREFIX) || name.startsWith("HTTP-Dispatcher")) {
                seed += nanos;
            } else if (name.startsWith(WorkerSimulator.THREAD_PREFIX) || name.startsWith("HttpClient-")
                    || name.equals(SteadyRun.POLLER_THREAD) || name.equals("main")) {
                // "main" runs SteadyRun's send loop (body, signature, send) during a measured window.
                generator += nanos;
            }
        }
        millis.put(SEED_SERVER, seed / 1e6);
        millis.put(GENERATOR, generator / 1e6);
        return millis;
    }

    private static long clockTicks() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
            p.waitFor();
            return Long.parseLong(out);
        } catch (IOException | RuntimeException e) {
            return 100; // Linux's USER_HZ everywhere this suite runs
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 100;
        }
    }
}
