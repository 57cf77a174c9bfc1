package io.waveflow.workflow.config;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.CommonClientConfigs;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.streams.KafkaStreamsMicrometerListener;

import java.util.Map;

/** Wires the topology runner, its health and its metrics. */
@Configuration(proxyBeanMethods = false)
public class WorkflowStreamsConfiguration {

    @Bean
    WorkflowStreamsRunner workflowStreamsRunner(WorkflowStreamsSettings settings, KafkaProperties kafka,
                                                MeterRegistry meterRegistry) {
        Map<String, Object> kafkaConfig = Map.of(
                CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, String.join(",", kafka.getBootstrapServers()));
        return new WorkflowStreamsRunner(settings, kafkaConfig, new KafkaStreamsMicrometerListener(meterRegistry));
    }

    @Bean
    HealthIndicator kafkaStreamsHealth(WorkflowStreamsRunner runner) {
        return () -> {
            var streams = runner.streams();
            if (streams == null) {
                return Health.down().withDetail("state", "NOT_STARTED").build();
            }
            var state = streams.state();
            return (state.isRunningOrRebalancing() ? Health.up() : Health.down())
                    .withDetail("state", state.name()).build();
        };
    }
}
