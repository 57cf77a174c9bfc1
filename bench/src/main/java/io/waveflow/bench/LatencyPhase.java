package io.waveflow.bench;

import io.waveflow.bench.Report.Row;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static io.waveflow.bench.Report.fmt;
import static io.waveflow.bench.Report.ms;

/**
 * Figure 2 at fixed offered rates (30 and 100 stems/s by default) for both designs, and figure 9,
 * the CPU each process spends per stem at those rates: for each rate and design, stems offered at
 * that rate through the whole flow (a warm-up, then the measured window), with each process's CPU
 * sampled at the window's start and end.
 */
final class LatencyPhase extends Phase {

    private final SteadyRun steady;

    LatencyPhase(Setup setup, SteadyRun steady) {
        super(setup);
        this.steady = steady;
    }

    @Override
    void measure() throws InterruptedException {
        List<Design> designs = options.latencyDesigns().stream().map(this::design).toList();
        List<SteadyRun.Outcome> outcomes = new ArrayList<>();
        String c = options.command();
        for (Design design : designs) {
            // Run alone right after the stack started, the first stems meet cold JVMs, consumer groups
            // still joining and a backlog: one short round through the whole flow first, drained.
            steady.run(design, "lat-" + design.label().substring(0, 4).toLowerCase(Locale.ROOT) + "-warm-" + run + "-",
                    new SteadyRun.Settings(options.latencyRates().get(0), java.time.Duration.ZERO, options.latencyWarmup(),
                            options.drain(), options.duplicateShare(), null, false));
        }
        for (double rate : options.latencyRates()) {
            SteadyRun.Outcome[] pair = new SteadyRun.Outcome[designs.size()];
            for (int d = 0; d < designs.size(); d++) {
                Design design = designs.get(d);
                String prefix = "lat-" + design.label().substring(0, 4).toLowerCase(Locale.ROOT) + "-" + run + "-"
                        + Math.round(rate) + "-";
                pair[d] = steady.run(design, prefix, new SteadyRun.Settings(rate, options.latencyWarmup(),
                        options.latencySeconds(), options.drain(), options.duplicateShare(), null, true));
                outcomes.add(pair[d]);
            }
            String at = fmt(rate) + " stems/s offered for " + options.latencySeconds().toSeconds() + " s (after "
                    + options.latencyWarmup().toSeconds() + " s warm-up)";
            String labels = joined(pair, o -> o.design().label());
            report.add(new Row("2", "at " + at + ": hash-check accepted → analysis (or duplicate) message visible on SQS,"
                    + " p50 / p99: " + labels, joined(pair, o -> percentiles(o.acceptedToVisible())), c));
            report.add(new Row("2", "same: hash-check sent → message visible on SQS, p50 / p99: " + labels,
                    joined(pair, o -> percentiles(o.sentToVisible())), c));
            report.add(new Row("2", "same: upload → final (Waveflow: read model done or error; seed-style: its stem_file"
                    + " row written at completion), p50 / p99; final stems/s in the window: " + labels,
                    joined(pair, o -> percentiles(o.uploadToFinal()) + ", " + fmt(o.finalPerSecond()) + "/s"), c));
            for (SteadyRun.Outcome o : pair) {
                if (o.notFinal() > 0 || o.uploadErrors() > 0) {
                    report.note(String.format(Locale.ROOT, "%s at %s stems/s: %d of %d stems not final after %.0f s of"
                            + " drain, %d uploads not accepted.", o.design().label(), fmt(rate), o.notFinal(), o.sent(),
                            o.drainSeconds(), o.uploadErrors()));
                }
            }
        }
        cpuTable(outcomes, c);
    }

    /** One value per design, in the order run: "a  vs  b". */
    private static String joined(SteadyRun.Outcome[] outcomes, Function<SteadyRun.Outcome, String> value) {
        return Arrays.stream(outcomes).map(value).collect(Collectors.joining("  vs  "));
    }

    private static String percentiles(Latencies l) {
        return ms(l.percentileMillis(50)) + " / " + ms(l.percentileMillis(99));
    }

    /** Figure 9: CPU ms per final stem by process, one column per design and rate. */
    private void cpuTable(List<SteadyRun.Outcome> outcomes, String c) {
        List<String> header = new ArrayList<>(List.of("process (CPU ms per final stem)"));
        List<Map<String, Double>> perStem = new ArrayList<>();
        List<Map<String, Double>> cores = new ArrayList<>();
        for (SteadyRun.Outcome o : outcomes) {
            header.add(o.design().label() + " @ " + fmt(o.settings().rate()) + "/s");
            boolean sampled = o.cpuStart() != null && o.cpuEnd() != null;
            perStem.add(sampled ? ProcessCpu.perStem(o.cpuStart(), o.cpuEnd(), o.windowFinals()) : Map.of());
            cores.add(sampled ? ProcessCpu.perSecond(o.cpuStart(), o.cpuEnd()) : Map.of());
        }
        List<String> processes = new ArrayList<>(ProcessCpu.SERVICES);
        processes.add(ProcessCpu.SERVICES_JIT);
        processes.add(Machine.POSTGRES);
        processes.add(Machine.BENCH_JVM);
        processes.add(ProcessCpu.GENERATOR);
        processes.add(ProcessCpu.SEED_SERVER);
        List<List<String>> rows = new ArrayList<>();
        for (String process : processes) {
            List<String> row = new ArrayList<>(List.of(process));
            perStem.forEach(m -> row.add(cpuMs(m.getOrDefault(process, Double.NaN))));
            rows.add(row);
        }
        List<String> services = new ArrayList<>(List.of("**Waveflow's three services (bridge + workflow-streams + projections)**"));
        List<String> withoutBench = new ArrayList<>(List.of("all but the bench JVM (services + PostgreSQL)"));
        List<String> all = new ArrayList<>(List.of("all processes"));
        List<String> busy = new ArrayList<>(List.of("cores busy, all processes (of " + Runtime.getRuntime().availableProcessors() + ")"));
        List<String> stems = new ArrayList<>(List.of("stems final in the window / window seconds"));
        List<String> load = new ArrayList<>(List.of("load average (1, 5, 15 min) at the window's end"));
        for (int i = 0; i < outcomes.size(); i++) {
            Map<String, Double> m = perStem.get(i);
            double three = sum(m, ProcessCpu.SERVICES);
            double postgres = m.getOrDefault(Machine.POSTGRES, Double.NaN);
            double bench = m.getOrDefault(Machine.BENCH_JVM, Double.NaN);
            services.add("**" + cpuMs(three) + "**");
            withoutBench.add(cpuMs(three + postgres));
            all.add(cpuMs(three + postgres + bench));
            Map<String, Double> perSecond = cores.get(i);
            double coresBusy = (sum(perSecond, ProcessCpu.SERVICES) + perSecond.getOrDefault(Machine.POSTGRES, Double.NaN)
                    + perSecond.getOrDefault(Machine.BENCH_JVM, Double.NaN)) / 1000;
            busy.add(String.format(Locale.ROOT, "%.2f", coresBusy));
            SteadyRun.Outcome o = outcomes.get(i);
            stems.add(o.windowFinals() + " / " + String.format(Locale.ROOT, "%.0f", o.windowSeconds()));
            load.add(o.loadAverage());
        }
        rows.add(services);
        rows.add(withoutBench);
        rows.add(all);
        rows.add(busy);
        rows.add(stems);
        rows.add(load);
        report.table("Figure 9: CPU milliseconds per stem, by process (from /proc/<pid>/stat, over the measured window)",
                header, rows);
        for (int i = 0; i < outcomes.size(); i++) {
            SteadyRun.Outcome o = outcomes.get(i);
            if (o.design().label().equals("Waveflow")) {
                Map<String, Double> m = perStem.get(i);
                report.add(new Row("9", "CPU per final stem at " + fmt(o.settings().rate()) + " stems/s offered:"
                        + " Waveflow's three services (bridge + workflow-streams + projections); PostgreSQL; bench JVM"
                        + " (broker, ElasticMQ, generator, simulator), reported apart",
                        cpuMs(sum(m, ProcessCpu.SERVICES)) + ";  " + cpuMs(m.getOrDefault(Machine.POSTGRES, Double.NaN))
                                + ";  " + cpuMs(m.getOrDefault(Machine.BENCH_JVM, Double.NaN)), c));
            }
        }
    }

    private static double sum(Map<String, Double> values, List<String> keys) {
        double sum = 0;
        for (String key : keys) {
            sum += values.getOrDefault(key, Double.NaN);
        }
        return sum;
    }

    private static String cpuMs(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.2f ms", v);
    }
}
