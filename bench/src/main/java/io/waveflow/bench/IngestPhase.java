package io.waveflow.bench;

import io.waveflow.bench.Report.Row;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static io.waveflow.bench.Report.fmt;
import static io.waveflow.bench.Report.ms;
import static io.waveflow.bench.Report.ratio;

/**
 * Figure 1: signed uploads into the bridge on the whole running stack, against the HTTP ceiling of
 * the baseline's JDK server. Runs last: it leaves a backlog of stage-1 commands behind.
 */
final class IngestPhase extends Phase {

    IngestPhase(Setup setup) {
        super(setup);
    }

    @Override
    void measure() {
        // The pipeline keeps forwarding stage-1 commands for every upload; drain them without answering.
        waveflowWorkers.mode(WorkerSimulator.Mode.OBSERVE);
        Duration warmup = options.ingestWarmup();
        Duration measure = options.ingestSeconds();
        int conc = options.ingestConcurrency();
        AtomicInteger seq = new AtomicInteger();
        Map<String, Object> ceilingBody = new Stem("ceiling", "u", "t").upload();
        Load.Result ceilingSat = Load.closedLoop(conc, warmup, measure,
                () -> http.post(baseline.url().resolve("/ceiling"), ceilingBody));
        Load.Result ceilingHalf = Load.openLoop(ceilingSat.achievedPerSecond() / 2, warmup, measure, 64,
                () -> http.post(baseline.url().resolve("/ceiling"), ceilingBody));
        String prefix = "ingest-" + run + "-";
        Load.Result bridgeSat = Load.closedLoop(conc, warmup, measure, () -> http.post(bridge.resolve("/upload-complete"),
                new Stem(prefix + seq.incrementAndGet(), "ingest-user", "ingest-track").upload()));
        Load.Result bridgeHalf = Load.openLoop(bridgeSat.achievedPerSecond() / 2, warmup, measure, 64,
                () -> http.post(bridge.resolve("/upload-complete"),
                        new Stem(prefix + seq.incrementAndGet(), "ingest-user", "ingest-track").upload()));
        String c = options.command();
        report.add(ingestRow("HTTP ceiling: JDK HttpServer POST /ceiling (the baseline's stack), saturation", ceilingSat, c));
        report.add(ingestRow("HTTP ceiling: same, open loop at half", ceilingHalf, c));
        report.add(ingestRow("bridge POST /upload-complete (signed, acks=all), saturation", bridgeSat, c));
        report.add(ingestRow("bridge POST /upload-complete, open loop at half of its saturation", bridgeHalf, c));
        report.add(new Row("1", "bridge ingest / HTTP ceiling (JDK HttpServer), throughput at saturation",
                ratio(bridgeSat.achievedPerSecond(), ceilingSat.achievedPerSecond()), c));
        report.note("Figure 1 runs last, on the whole stack: every accepted upload also goes through the topology and the"
                + " command forwarder to SQS while the next ones arrive, on the same two cores, so it is lower than the"
                + " bridge measured alone (bridge/BENCHMARK.md, quoted as the last row of figure 1).");
        report.add(new Row("1", "bridge ingest / ceiling on the bridge's own stack (Tomcat + Spring MVC), quoted",
                "0.84 (2,111 vs 2,504 req/s, load 21-26; bridge/BENCHMARK.md)", "bridge/bench.sh"));
    }

    private static Row ingestRow(String what, Load.Result r, String command) {
        return new Row("1", what + (Double.isNaN(r.targetPerSecond()) ? "" : " (" + fmt(r.targetPerSecond()) + "/s)"),
                fmt(r.achievedPerSecond()) + " req/s, p50 " + ms(r.p50Millis()) + ", p99 " + ms(r.p99Millis())
                        + (r.errors() > 0 ? ", " + r.errors() + " errors" : ""), command);
    }
}
