package io.waveflow.bridge.config;

import io.micrometer.core.instrument.MeterRegistry;
import io.waveflow.contracts.deadletter.DeadLetter;
import io.waveflow.contracts.inbound.InboundEvent;
import io.waveflow.contracts.topic.TopicSpecs;
import io.waveflow.contracts.topic.Topics;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.MicrometerConsumerListener;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.util.StringUtils;

import java.time.Duration;
import java.util.Map;

/**
 * Kafka clients of the bridge, each typed by the contracts' serdes. {@code spring.kafka.*}
 * supplies the connection and tuning; what the pipeline's guarantees rest on (acks=all,
 * idempotence, read_committed, manual commits) is set here and cannot be configured away.
 */
@Configuration(proxyBeanMethods = false)
public class KafkaConfig {

    /** Every service declares all shared topics, so none depends on another having started first. */
    @Bean
    KafkaAdmin.NewTopics waveflowTopics(BridgeSettings settings) {
        return new KafkaAdmin.NewTopics(TopicSpecs.newTopics(settings.topicPartitions(),
                (short) settings.topicReplication()).toArray(NewTopic[]::new));
    }

    @Bean
    ProducerFactory<String, InboundEvent> inboundProducerFactory(KafkaProperties kafka,
                                                                 KafkaConnectionDetails connection,
                                                                 BridgeSettings settings) {
        return new DefaultKafkaProducerFactory<>(durableProducer(kafka, connection, settings.publishTimeout()),
                Topics.INBOUND.keySerde().serializer(), Topics.INBOUND.valueSerde().serializer());
    }

    @Bean
    KafkaTemplate<String, InboundEvent> inboundTemplate(ProducerFactory<String, InboundEvent> inboundProducerFactory) {
        return new KafkaTemplate<>(inboundProducerFactory);
    }

    @Bean
    ProducerFactory<String, DeadLetter> deadLetterProducerFactory(KafkaProperties kafka,
                                                                  KafkaConnectionDetails connection,
                                                                  BridgeSettings settings) {
        return new DefaultKafkaProducerFactory<>(durableProducer(kafka, connection, settings.publishTimeout()),
                Topics.DEAD_LETTER.keySerde().serializer(), Topics.DEAD_LETTER.valueSerde().serializer());
    }

    @Bean
    KafkaTemplate<String, DeadLetter> deadLetterTemplate(ProducerFactory<String, DeadLetter> deadLetterProducerFactory) {
        return new KafkaTemplate<>(deadLetterProducerFactory);
    }

    /**
     * Values stay bytes here: the forwarder decodes them itself, so a record that does not decode
     * is dead-lettered with its original bytes instead of failing the poll.
     */
    @Bean
    ConsumerFactory<String, byte[]> commandConsumerFactory(KafkaProperties kafka, KafkaConnectionDetails connection,
                                                           BridgeSettings settings, MeterRegistry meterRegistry) {
        Map<String, Object> config = kafka.buildConsumerProperties();
        applyConnection(config, connection.getConsumer());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, settings.consumerGroup());
        // Commands come from an exactly-once topology: never forward a command of an aborted transaction.
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 100);
        if (!settings.kafkaInstanceId().isBlank()) {
            // A restarted bridge takes its partitions back at once, not after the session timeout.
            config.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, settings.kafkaInstanceId());
        }
        DefaultKafkaConsumerFactory<String, byte[]> factory = new DefaultKafkaConsumerFactory<>(config,
                Topics.COMMANDS.keySerde().deserializer(), new ByteArrayDeserializer());
        // Boot binds client metrics only to factories it builds; this one exports consumer lag
        // (kafka_consumer_fetch_manager_records_lag_max) like the rest.
        factory.addListener(new MicrometerConsumerListener<>(meterRegistry));
        return factory;
    }

    private static Map<String, Object> durableProducer(KafkaProperties kafka, KafkaConnectionDetails connection,
                                                       Duration timeout) {
        Map<String, Object> config = kafka.buildProducerProperties();
        applyConnection(config, connection.getProducer());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        // Callers wait for the acknowledgement, so every stage of a send is bounded by the timeout;
        // delivery.timeout.ms must cover linger.ms + request.timeout.ms.
        int timeoutMs = Math.toIntExact(timeout.toMillis());
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeoutMs);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, timeoutMs);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs / 2);
        return config;
    }

    private static void applyConnection(Map<String, Object> config, KafkaConnectionDetails.Configuration connection) {
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, connection.getBootstrapServers());
        if (StringUtils.hasLength(connection.getSecurityProtocol())) {
            config.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, connection.getSecurityProtocol());
        }
    }
}
