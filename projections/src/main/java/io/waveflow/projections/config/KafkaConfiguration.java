package io.waveflow.projections.config;

import io.waveflow.contracts.deadletter.DeadLetter;
import io.waveflow.contracts.deadletter.DeadLetters;
import io.waveflow.contracts.topic.TopicSpecs;
import io.waveflow.projections.consumer.DeadLetterPublisher;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;

import java.util.Map;

/**
 * Kafka wiring around the read-model builder: the shared topics and the dead-letter producer.
 * The consumers themselves are plain {@code KafkaConsumer}s owned by the generation supervisor
 * ({@link GenerationConfiguration}), because their positions come from PostgreSQL.
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

    @Bean
    DeadLetterPublisher deadLetterPublisher(KafkaTemplate<String, DeadLetter> deadLetterTemplate,
                                            ProjectionsSettings settings) {
        return new DeadLetterPublisher(deadLetterTemplate, settings.deadLetterSendTimeout());
    }
}
