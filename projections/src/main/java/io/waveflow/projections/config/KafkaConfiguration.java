package io.waveflow.projections.config;

import io.waveflow.contracts.deadletter.DeadLetter;
import io.waveflow.contracts.deadletter.DeadLetters;
import io.waveflow.contracts.topic.TopicSpecs;
import io.waveflow.contracts.topic.Topics;
import io.waveflow.projections.consumer.BatchDecoder;
import io.waveflow.projections.consumer.BatchRetryLog;
import io.waveflow.projections.consumer.DeadLetterPublisher;
import io.waveflow.projections.consumer.WorkflowEventConsumer;
import io.waveflow.projections.store.StemProjector;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaConsumerFactoryCustomizer;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

import java.time.Clock;
import java.util.Map;

/**
 * Kafka wiring of the read-model builder: the shared topics, the batch listener container on the
 * workflow topic and the dead-letter producer. Consumer semantics the projection relies on are
 * fixed here rather than left to properties: read_committed (only what the exactly-once topology
 * committed), manual commits after the database transaction, and a new group starting from the
 * beginning of the topic (that is how a rebuild starts).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ProjectionsSettings.class)
class KafkaConfiguration {

    @Bean
    KafkaAdmin.NewTopics waveflowTopics(ProjectionsSettings settings) {
        return new KafkaAdmin.NewTopics(TopicSpecs.newTopics(settings.topicPartitions(),
                (short) settings.topicReplication()).toArray(NewTopic[]::new));
    }

    @Bean
    DefaultKafkaConsumerFactory<String, byte[]> workflowConsumerFactory(
            KafkaProperties kafka, ObjectProvider<DefaultKafkaConsumerFactoryCustomizer> customizers) {
        Map<String, Object> config = kafka.buildConsumerProperties();
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // Raw bytes, so a malformed value reaches the listener and can be dead-lettered.
        var factory = new DefaultKafkaConsumerFactory<>(config, new StringDeserializer(), new ByteArrayDeserializer());
        customizers.orderedStream().forEach(customizer -> customizer.customize(factory));
        return factory;
    }

    @Bean
    DefaultKafkaProducerFactory<String, DeadLetter> deadLetterProducerFactory(
            KafkaProperties kafka, ObjectProvider<DefaultKafkaProducerFactoryCustomizer> customizers) {
        Map<String, Object> config = kafka.buildProducerProperties();
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        var factory = new DefaultKafkaProducerFactory<>(config, new StringSerializer(), DeadLetters.serde().serializer());
        customizers.orderedStream().forEach(customizer -> customizer.customize(factory));
        return factory;
    }

    @Bean
    KafkaTemplate<String, DeadLetter> deadLetterTemplate(DefaultKafkaProducerFactory<String, DeadLetter> factory) {
        return new KafkaTemplate<>(factory);
    }

    /**
     * Retries a failed batch forever, backing off exponentially: every failure that reaches it is
     * one that can heal (PostgreSQL or the broker away), since unreadable records are dead-lettered
     * by the listener itself. Giving up would commit past records that are not in the read model.
     */
    @Bean
    DefaultErrorHandler retryForeverErrorHandler(ProjectionsSettings settings) {
        ExponentialBackOff backOff = new ExponentialBackOff(settings.retryInitialBackoff().toMillis(), 2.0);
        backOff.setMaxInterval(settings.retryMaxBackoff().toMillis());
        DefaultErrorHandler errorHandler = new DefaultErrorHandler(backOff);
        // No exception type is "fatal" here: skipping a batch would silently lose read-model rows.
        errorHandler.setClassifications(Map.of(), true);
        errorHandler.setRetryListeners(new BatchRetryLog());
        return errorHandler;
    }

    @Bean
    WorkflowEventConsumer workflowEventConsumer(StemProjector projector,
                                                KafkaTemplate<String, DeadLetter> deadLetterTemplate,
                                                ProjectionsSettings settings) {
        return new WorkflowEventConsumer(new BatchDecoder(Clock.systemUTC()), projector,
                new DeadLetterPublisher(deadLetterTemplate, settings.deadLetterSendTimeout()));
    }

    @Bean
    ConcurrentMessageListenerContainer<String, byte[]> workflowListenerContainer(
            DefaultKafkaConsumerFactory<String, byte[]> consumerFactory, WorkflowEventConsumer consumer,
            DefaultErrorHandler errorHandler, ProjectionsSettings settings) {
        ContainerProperties properties = new ContainerProperties(Topics.WORKFLOW.name());
        properties.setGroupId(settings.consumerGroup());
        properties.setClientId(settings.consumerGroup());
        properties.setAckMode(ContainerProperties.AckMode.MANUAL);
        properties.setMessageListener(consumer);
        var container = new ConcurrentMessageListenerContainer<>(consumerFactory, properties);
        container.setConcurrency(settings.listenerConcurrency());
        container.setCommonErrorHandler(errorHandler);
        return container;
    }
}
