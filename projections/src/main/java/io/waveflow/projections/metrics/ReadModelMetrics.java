package io.waveflow.projections.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.waveflow.projections.generation.GenerationProgress;
import io.waveflow.projections.generation.RebuildStatus;
import io.waveflow.projections.store.StemStats;
import io.waveflow.projections.store.TimelineMinute;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The read model as Prometheus gauges, what the shipped alerts watch: stems by status and stage,
 * the age of the oldest stem in flight per stage, outcomes of the last five minutes, and how far
 * the live generation trails the topics. Refreshed by one background thread every
 * {@code interval} from the same SQL aggregates as {@code GET /stats}, so a scrape never queries
 * PostgreSQL; when a refresh fails the gauges keep their last values and the failure is logged.
 */
public final class ReadModelMetrics implements AutoCloseable {

    /** The window of {@code waveflow_projections_recent_outcomes}. */
    public static final int RECENT_MINUTES = 5;

    private static final Logger log = LoggerFactory.getLogger(ReadModelMetrics.class);

    private final Function<Instant, StemStats> stats;
    private final Supplier<List<TimelineMinute>> recent;
    private final Supplier<RebuildStatus> rebuild;
    private final Clock clock;
    private final MultiGauge byStatus;
    private final MultiGauge byStage;
    private final MultiGauge oldestInFlight;
    private final MultiGauge recentOutcomes;
    private final AtomicLong liveLag = new AtomicLong(-1);
    private final ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "read-model-metrics");
        thread.setDaemon(true);
        return thread;
    });

    public ReadModelMetrics(Function<Instant, StemStats> stats, Function<Instant, List<TimelineMinute>> timeline,
                            Supplier<RebuildStatus> rebuild, Clock clock, MeterRegistry registry) {
        this.stats = stats;
        this.recent = () -> timeline.apply(clock.instant());
        this.rebuild = rebuild;
        this.clock = clock;
        this.byStatus = MultiGauge.builder("waveflow.projections.stems")
                .description("Stems in the read model by status").register(registry);
        this.byStage = MultiGauge.builder("waveflow.projections.stage.stems")
                .description("Stems in the read model by current stage (done when the workflow is finished)")
                .register(registry);
        this.oldestInFlight = MultiGauge.builder("waveflow.projections.oldest.in.flight")
                .description("How long the stem in flight longest has been in its current stage, per stage; 0 when none")
                .baseUnit("seconds").register(registry);
        this.recentOutcomes = MultiGauge.builder("waveflow.projections.recent.outcomes")
                .description("Stems completed, found duplicate or failed in the last " + RECENT_MINUTES + " minutes")
                .register(registry);
        Gauge.builder("waveflow.projections.lag", liveLag, AtomicLong::get)
                .description("Records of the topics the live read-model generation has not applied yet; -1 unknown")
                .baseUnit("records").register(registry);
    }

    /** Refreshes now and then every {@code interval}. */
    public void start(Duration interval) {
        refresher.scheduleWithFixedDelay(this::refresh, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** One refresh; public for tests. */
    public void refresh() {
        try {
            StemStats snapshot = stats.apply(clock.instant());
            byStatus.register(rows("status", snapshot.byStatus()), true);
            byStage.register(rows("stage", snapshot.byStage()), true);
            List<MultiGauge.Row<?>> oldest = new ArrayList<>();
            snapshot.byStage().keySet().stream().filter(stage -> !"done".equals(stage)).forEach(stage -> {
                StemStats.OldestInFlight stem = snapshot.oldestInFlight().get(stage);
                oldest.add(MultiGauge.Row.of(Tags.of("stage", stage), stem == null ? 0 : stem.ageSeconds()));
            });
            oldestInFlight.register(oldest, true);
            long completed = 0;
            long duplicate = 0;
            long failed = 0;
            for (TimelineMinute minute : recent.get()) {
                completed += minute.completed();
                duplicate += minute.duplicate();
                failed += minute.failed();
            }
            recentOutcomes.register(List.of(
                    MultiGauge.Row.of(Tags.of("outcome", "completed"), completed),
                    MultiGauge.Row.of(Tags.of("outcome", "duplicate"), duplicate),
                    MultiGauge.Row.of(Tags.of("outcome", "failed"), failed)), true);
            RebuildStatus status = rebuild.get();
            liveLag.set(status.generations().stream()
                    .filter(g -> status.liveGeneration() != null && g.generation() == status.liveGeneration())
                    .map(GenerationProgress::lag).filter(lag -> lag != null).findFirst().orElse(-1L));
        } catch (RuntimeException e) {
            log.warn("Read-model metrics not refreshed, keeping the last values: {}", e.toString());
        }
    }

    private static List<MultiGauge.Row<?>> rows(String tag, Map<String, Long> counts) {
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        counts.forEach((value, count) -> rows.add(MultiGauge.Row.of(Tags.of(tag, value), count)));
        return rows;
    }

    @Override
    public void close() {
        refresher.shutdownNow();
    }
}
