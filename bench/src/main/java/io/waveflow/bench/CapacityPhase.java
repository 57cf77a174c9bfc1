package io.waveflow.bench;

import io.waveflow.bench.Report.Row;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static io.waveflow.bench.Report.fmt;
import static io.waveflow.bench.Report.ms;
import static io.waveflow.bench.Report.ratio;

/**
 * Figure 8: the highest offered rate each design sustains for the capacity window (60 s) with every
 * stem final and upload → final p99 within the limit (2 s). A search over rates: short probe steps
 * bracket the capacity (doubling from the start rate while a step holds, then halving the interval),
 * then the highest probe rate that held runs for the full window (10 % lower each time that fails).
 * A step that can no longer hold (more than 1 % of its planned stems late) stops offering early;
 * every step waits for its stems to be final before the next begins.
 */
final class CapacityPhase extends Phase {

    private final SteadyRun steady;

    CapacityPhase(Setup setup, SteadyRun steady) {
        super(setup);
        this.steady = steady;
    }

    @Override
    void measure() throws InterruptedException {
        Map<String, Double> capacity = new LinkedHashMap<>();
        for (String name : options.capacityDesigns()) {
            Design design = design(name);
            capacity.put(design.label(), search(design, name));
        }
        if (capacity.size() == 2) {
            double w = capacity.getOrDefault("Waveflow", Double.NaN);
            double s = capacity.getOrDefault("seed-style", Double.NaN);
            report.add(new Row("8", "capacity: highest offered rate sustained for " + options.capacitySeconds().toSeconds()
                    + " s with every stem final and upload → final p99 ≤ " + options.capacityP99().toMillis()
                    + " ms: Waveflow / seed-style", show(w) + " / " + show(s) + " stems/s (ratio " + ratio(w, s) + ")",
                    options.command()));
        }
    }

    /**
     * Runs the steps for one design; answers the highest rate that held for the full window (NaN if
     * none did). Probe steps (short windows) double the rate from the start rate while it holds, then
     * halve the interval between the highest rate that held and the lowest that did not, until it is
     * within 10 %, the probe step count or the time budget is spent; then the highest rate that held
     * is run for the full window, and 10 % lower each time that fails.
     */
    private double search(Design design, String name) throws InterruptedException {
        long started = System.nanoTime();
        // Warm JVMs first, so the first step does not measure the JIT.
        steady.run(design, "cap-" + name + "-warm-" + run + "-", new SteadyRun.Settings(options.capacityStart(),
                Duration.ZERO, options.capacityWarmup(), options.drain(), options.duplicateShare(), null, false));
        Bracket bracket = Bracket.START;
        double rate = options.capacityStart();
        int step = 0;
        for (int probe = 1; probe <= options.capacitySteps(); probe++) {
            bracket = bracket.after(rate, step(design, name, ++step, rate, options.capacityProbeSeconds()));
            if (bracket.narrow() || Duration.ofNanos(System.nanoTime() - started).compareTo(options.capacityBudget()) > 0) {
                break;
            }
            rate = bracket.next(rate);
        }
        double capacity = Double.NaN;
        double candidate = bracket.held();
        List<String> tried = new ArrayList<>();
        for (int confirm = 1; confirm <= options.capacityConfirmations() && candidate >= 1; confirm++) {
            tried.add(fmt(candidate));
            if (step(design, name, ++step, candidate, options.capacitySeconds())) {
                capacity = candidate;
                break;
            }
            candidate = Math.round(candidate * 0.9);
        }
        report.note(String.format(Locale.ROOT, "Capacity search, %s: probes bracketed it between %s (held for %d s) and %s"
                        + " (did not); full %d s window at %s: %s; %d steps in %.0f s.", design.label(),
                bracket.held() == 0 ? "nothing" : fmt(bracket.held()), options.capacityProbeSeconds().toSeconds(),
                bracket.failed() == Double.POSITIVE_INFINITY ? "nothing" : fmt(bracket.failed()),
                options.capacitySeconds().toSeconds(), tried.isEmpty() ? "not run" : String.join(", ", tried),
                Double.isNaN(capacity) ? "none held" : fmt(capacity) + " held", step, (System.nanoTime() - started) / 1e9));
        return capacity;
    }

    /** One step: the rate offered for the window, judged, and printed as a row. */
    private boolean step(Design design, String name, int step, double rate, Duration window) throws InterruptedException {
        Duration limit = options.capacityP99();
        SteadyRun.Outcome o = steady.run(design, "cap-" + name + "-" + step + "-" + run + "-",
                new SteadyRun.Settings(rate, Duration.ZERO, window, options.drain(), options.duplicateShare(), limit, false));
        boolean holds = o.sustained(limit);
        report.add(new Row("8", String.format(Locale.ROOT, "capacity step %d, %s: %s stems/s offered for %d s%s", step,
                design.label(), fmt(rate), window.toSeconds(), window.equals(options.capacitySeconds()) ? " (full window)"
                        : " (probe)"), verdict(o, holds), options.command()));
        return holds;
    }

    /**
     * The search's state: the highest rate that held (0: none yet) and the lowest that did not
     * (infinite: none yet).
     */
    record Bracket(double held, double failed) {

        static final Bracket START = new Bracket(0, Double.POSITIVE_INFINITY);

        Bracket after(double rate, boolean holds) {
            return holds ? new Bracket(Math.max(held, rate), failed) : new Bracket(held, Math.min(failed, rate));
        }

        /** Double while nothing failed, else halve the interval; whole stems per second. */
        double next(double last) {
            if (failed == Double.POSITIVE_INFINITY) {
                return Math.round(Math.max(held, last) * 2);
            }
            return Math.round((held + failed) / 2);
        }

        /** The capacity is known to within 10 % (at least 5 stems/s). */
        boolean narrow() {
            return failed - held <= Math.max(5, 0.1 * held);
        }
    }

    private static String verdict(SteadyRun.Outcome o, boolean holds) {
        String why;
        if (holds) {
            why = "HOLDS";
        } else if (o.stoppedLate()) {
            why = "FAILS: more than 1 % of stems late, stopped after " + o.sent() + " of " + o.planned();
        } else if (o.notFinal() > 0) {
            why = "FAILS: " + o.notFinal() + " not final";
        } else if (o.uploadErrors() > 0) {
            why = "FAILS: " + o.uploadErrors() + " uploads not accepted";
        } else {
            why = "FAILS: p99 over the limit";
        }
        return String.format(Locale.ROOT, "%d stems (%d duplicates), %d final %s, %s/s final; upload → final p50 %s,"
                        + " p99 %s; drained in %.1f s; load %s; **%s**", o.sent(), o.duplicates(), o.windowFinal(),
                o.byStatus(), fmt(o.finalPerSecond()), ms(o.uploadToFinal().percentileMillis(50)),
                ms(o.uploadToFinal().percentileMillis(99)), o.drainSeconds(), o.loadAverage(), why);
    }

    private static String show(double rate) {
        return Double.isNaN(rate) ? "none held" : fmt(rate);
    }
}
