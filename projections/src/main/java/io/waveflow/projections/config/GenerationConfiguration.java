package io.waveflow.projections.config;

import io.micrometer.core.instrument.MeterRegistry;
import io.waveflow.projections.consumer.BatchDecoder;
import io.waveflow.projections.consumer.ConsumerConfigs;
import io.waveflow.projections.consumer.ProjectionConsumer;
import io.waveflow.projections.generation.EndOffsets;
import io.waveflow.projections.generation.GenerationSupervisor;
import io.waveflow.projections.generation.Generations;
import io.waveflow.projections.generation.RebuildMonitor;
import io.waveflow.projections.store.BatchObserver;
import io.waveflow.projections.store.OffsetStore;
import io.waveflow.projections.store.StemProjector;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * The consumers of the read-model generations, the supervisor that runs them, and what the
 * rebuild endpoints read. Consumer semantics are fixed in {@link ConsumerConfigs}.
 */
@Configuration(proxyBeanMethods = false)
class GenerationConfiguration {

    @Bean
    GenerationSupervisor generationSupervisor(Generations generations, KafkaProperties kafka,
                                              StemProjector projector, OffsetStore offsets,
                                              ObjectProvider<BatchObserver> observer, ProjectionsSettings settings,
                                              MeterRegistry meters) {
        BatchDecoder decoder = new BatchDecoder(Clock.systemUTC());
        BatchObserver batchObserver = observer.getIfAvailable(() -> BatchObserver.NONE);
        GenerationSupervisor.ConsumerFactory consumers = (generation, index) -> new ProjectionConsumer(generation,
                newConsumer(kafka, settings, settings.consumerGroup() + "-g" + generation, index), decoder, projector, offsets,
                batchObserver, settings.retryInitialBackoff(), settings.retryMaxBackoff(), settings.pollTimeout(),
                meters);
        return new GenerationSupervisor(generations, consumers, settings.listenerConcurrency(),
                settings.superviseInterval(), settings.rebuildSwitchLag());
    }

    @Bean(destroyMethod = "close")
    EndOffsets endOffsets(KafkaProperties kafka) {
        return new EndOffsets(Admin.create(kafka.buildAdminProperties()), ProjectionConsumer.TOPICS,
                Duration.ofSeconds(5));
    }

    @Bean
    RebuildMonitor rebuildMonitor(Generations generations, OffsetStore offsets, EndOffsets endOffsets) {
        return new RebuildMonitor(generations, offsets, endOffsets);
    }

    private static KafkaConsumer<String, byte[]> newConsumer(KafkaProperties kafka, ProjectionsSettings settings,
                                                             String groupId, int index) {
        Map<String, Object> config = ConsumerConfigs.of(kafka.buildConsumerProperties(), groupId, groupId + "-" + index);
        String instanceId = settings.kafkaInstanceId();
        if (instanceId != null && !instanceId.isBlank()) {
            // Static membership, one id per consumer thread: a restarted instance takes its
            // partitions back at once instead of after the session timeout.
            config.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, instanceId + "-" + index);
        }
        return ConsumerConfigs.newConsumer(config);
    }
}
