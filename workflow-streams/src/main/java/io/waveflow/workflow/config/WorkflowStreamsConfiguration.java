package io.waveflow.workflow.config;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.waveflow.workflow.metrics.WorkflowMetrics;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.streams.KafkaStreams;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.streams.KafkaStreamsMicrometerListener;
import org.springframework.util.StringUtils;

import java.util.Map;

/**
 * Wires the topology runner, its health and its metrics. {@code spring.kafka.*} supplies the
 * connection of every Kafka client here (bootstrap servers, security protocol, SASL, TLS,
 * {@code spring.kafka.properties.*}), as in the other services; what the workflow's guarantees
 * rest on is set by {@link WorkflowStreamsRunner} on top.
 */
@Configuration(proxyBeanMethods = false)
public class WorkflowStreamsConfiguration {

    @Bean
    WorkflowStreamsRunner workflowStreamsRunner(WorkflowStreamsSettings settings, KafkaProperties kafka,
                                                KafkaConnectionDetails connection, MeterRegistry meterRegistry) {
        Map<String, Object> adminConfig = kafka.buildAdminProperties();
        applyConnection(adminConfig, connection.getAdmin());
        Map<String, Object> streamsConfig = kafka.buildStreamsProperties();
        applyConnection(streamsConfig, connection.getStreams());
        Map<String, Object> producerConfig = kafka.buildProducerProperties();
        applyConnection(producerConfig, connection.getProducer());
        WorkflowStreamsRunner runner = new WorkflowStreamsRunner(settings, adminConfig, streamsConfig, producerConfig,
                new KafkaStreamsMicrometerListener(meterRegistry), new WorkflowMetrics(meterRegistry));
        // What the "Streams not running" alert watches: 1 while this instance processes, 0 otherwise
        // (not started, rebalancing, in error or shutting down).
        Gauge.builder("waveflow.workflow.streams.running", runner,
                        r -> r.streams() != null && r.streams().state() == KafkaStreams.State.RUNNING ? 1 : 0)
                .description("1 while this instance's Kafka Streams topology is RUNNING, else 0")
                .register(meterRegistry);
        return runner;
    }

    /**
     * Health contributor {@code streams}: UP only while this instance's topology is RUNNING, so the
     * readiness group (which includes it) takes the instance out of rotation while it starts,
     * rebalances, restores state or has failed; its queries could not be answered then.
     */
    @Bean
    HealthIndicator streamsHealthIndicator(WorkflowStreamsRunner runner) {
        return () -> {
            var streams = runner.streams();
            if (streams == null) {
                return Health.down().withDetail("state", "NOT_STARTED").build();
            }
            var state = streams.state();
            return (state == KafkaStreams.State.RUNNING ? Health.up() : Health.down())
                    .withDetail("state", state.name()).build();
        };
    }

    /** As Boot does for the clients it builds: connection details (a service connection) win. */
    private static void applyConnection(Map<String, Object> config, KafkaConnectionDetails.Configuration connection) {
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, connection.getBootstrapServers());
        if (StringUtils.hasLength(connection.getSecurityProtocol())) {
            config.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, connection.getSecurityProtocol());
        }
    }
}
