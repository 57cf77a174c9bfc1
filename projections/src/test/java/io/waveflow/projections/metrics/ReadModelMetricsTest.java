package io.waveflow.projections.metrics;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.waveflow.projections.generation.GenerationProgress;
import io.waveflow.projections.generation.RebuildStatus;
import io.waveflow.projections.store.StemStats;
import io.waveflow.projections.store.TimelineMinute;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

class ReadModelMetricsTest {

    private static final Instant NOW = Instant.parse("2026-12-04T10:00:00Z");

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final AtomicBoolean databaseAway = new AtomicBoolean();

    @Test
    void shouldPublishTheStatsTheRecentOutcomesAndTheLiveLag() {
        ReadModelMetrics metrics = metrics();

        metrics.refresh();

        assertThat(gauge("waveflow.projections.stems", "status", "completed")).isEqualTo(41);
        assertThat(gauge("waveflow.projections.stems", "status", "error")).isEqualTo(2);
        assertThat(gauge("waveflow.projections.stage.stems", "stage", "analysis")).isEqualTo(2);
        assertThat(gauge("waveflow.projections.oldest.in.flight", "stage", "analysis")).isEqualTo(1070);
        assertThat(gauge("waveflow.projections.oldest.in.flight", "stage", "hash")).as("none in flight").isZero();
        assertThat(registry.find("waveflow.projections.oldest.in.flight").tag("stage", "done").gauge()).isNull();
        assertThat(gauge("waveflow.projections.recent.outcomes", "outcome", "completed")).isEqualTo(7);
        assertThat(gauge("waveflow.projections.recent.outcomes", "outcome", "failed")).isEqualTo(3);
        assertThat(registry.get("waveflow.projections.lag").gauge().value()).isEqualTo(12);
    }

    @Test
    void shouldKeepTheLastValuesWhileTheDatabaseIsAway() {
        ReadModelMetrics metrics = metrics();
        metrics.refresh();
        databaseAway.set(true);

        metrics.refresh();

        assertThat(gauge("waveflow.projections.stems", "status", "completed")).isEqualTo(41);
    }

    private ReadModelMetrics metrics() {
        Map<String, Long> byStatus = new LinkedHashMap<>();
        byStatus.put("processing", 3L);
        byStatus.put("completed", 41L);
        byStatus.put("error", 2L);
        Map<String, Long> byStage = new LinkedHashMap<>();
        byStage.put("hash", 0L);
        byStage.put("analysis", 2L);
        byStage.put("done", 44L);
        StemStats stats = new StemStats(NOW, byStatus, byStage, Map.of("analysis",
                new StemStats.OldestInFlight("stem-4", NOW.minusSeconds(1070), 1070)));
        List<TimelineMinute> minutes = List.of(new TimelineMinute(NOW.minusSeconds(60), 4, 1, 2),
                new TimelineMinute(NOW, 3, 0, 1));
        RebuildStatus rebuild = new RebuildStatus(2, false, List.of(
                new GenerationProgress(2, "live", NOW, NOW, 12L, List.of())));
        return new ReadModelMetrics(at -> {
            if (databaseAway.get()) {
                throw new IllegalStateException("connection refused");
            }
            return stats;
        }, at -> minutes, () -> rebuild, Clock.fixed(NOW, ZoneOffset.UTC), registry);
    }

    private double gauge(String name, String tag, String value) {
        return registry.get(name).tag(tag, value).gauge().value();
    }
}
