package io.waveflow.projections.config;

import io.micrometer.core.instrument.MeterRegistry;
import io.waveflow.projections.generation.RebuildMonitor;
import io.waveflow.projections.metrics.ReadModelMetrics;
import io.waveflow.projections.store.StemQueries;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

/** The read-model gauges the shipped alerts (ops/prometheus/alerts.yml) watch. */
@Configuration(proxyBeanMethods = false)
class MetricsConfiguration {

    @Bean(destroyMethod = "close")
    ReadModelMetrics readModelMetrics(StemQueries queries, RebuildMonitor rebuild, Clock clock,
                                      MeterRegistry registry, ProjectionsSettings settings) {
        ReadModelMetrics metrics = new ReadModelMetrics(queries::stats,
                at -> queries.timeline(at, ReadModelMetrics.RECENT_MINUTES), rebuild::status, clock, registry);
        metrics.start(settings.metricsInterval());
        return metrics;
    }
}
