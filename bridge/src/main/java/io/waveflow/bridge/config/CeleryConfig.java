package io.waveflow.bridge.config;

import io.micrometer.core.instrument.MeterRegistry;
import io.waveflow.bridge.celery.CommandForwarder;
import io.waveflow.bridge.celery.CommandListener;
import io.waveflow.bridge.celery.QueueRouting;
import io.waveflow.bridge.inbound.DeadLetterSink;
import io.waveflow.bridge.inbound.KafkaDeadLetterSink;
import io.waveflow.contracts.deadletter.DeadLetter;
import io.waveflow.contracts.topic.Topics;
import io.waveflow.tracing.KafkaTracing;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.ExponentialBackOff;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

import java.time.Clock;
import java.time.Duration;

/**
 * Command forwarding: a batch listener on the commands topic hands each batch to the
 * {@link CommandForwarder}; when SQS has not accepted all of it, the container's error handler
 * pauses the partitions, backs off (exponential, jittered, capped) and redelivers the batch,
 * for as long as it takes. Offsets are committed only after a batch is fully settled.
 */
@Configuration(proxyBeanMethods = false)
public class CeleryConfig {

    /** Short, so stopping the container does not wait for a long poll. */
    private static final Duration POLL_TIMEOUT = Duration.ofSeconds(1);

    @Bean
    QueueRouting queueRouting(BridgeSettings settings) {
        return new QueueRouting(settings.sqsQueueUrl(), settings.taskQueues());
    }

    @Bean
    DeadLetterSink deadLetterSink(KafkaTemplate<String, DeadLetter> deadLetterTemplate, BridgeSettings settings) {
        return new KafkaDeadLetterSink(deadLetterTemplate, settings.publishTimeout());
    }

    @Bean
    CommandForwarder commandForwarder(SqsAsyncClient sqsAsyncClient, QueueRouting queueRouting,
                                      DeadLetterSink deadLetterSink, MeterRegistry meterRegistry,
                                      BridgeSettings settings, Clock clock, KafkaTracing kafkaTracing) {
        return new CommandForwarder(sqsAsyncClient, queueRouting, deadLetterSink, meterRegistry,
                settings.sqsSendTimeout(), clock, kafkaTracing);
    }

    @Bean
    ConcurrentMessageListenerContainer<String, byte[]> commandListenerContainer(
            ConsumerFactory<String, byte[]> commandConsumerFactory, CommandForwarder commandForwarder,
            BridgeSettings settings) {
        ContainerProperties properties = new ContainerProperties(Topics.COMMANDS.name());
        properties.setGroupId(settings.consumerGroup());
        properties.setAckMode(ContainerProperties.AckMode.MANUAL);
        properties.setPollTimeout(POLL_TIMEOUT.toMillis());
        properties.setMessageListener(new CommandListener(commandForwarder));
        ConcurrentMessageListenerContainer<String, byte[]> container =
                new ConcurrentMessageListenerContainer<>(commandConsumerFactory, properties);
        container.setCommonErrorHandler(new DefaultErrorHandler(retryForever(settings)));
        return container;
    }

    /** Exponential with jitter up to the cap; no attempt or time limit, because a command is never skipped. */
    static BackOff retryForever(BridgeSettings settings) {
        ExponentialBackOff backOff = new ExponentialBackOff(settings.sqsRetryInitial().toMillis(), 2.0);
        backOff.setMaxInterval(settings.sqsRetryMax().toMillis());
        backOff.setJitter(settings.sqsRetryInitial().toMillis() / 2);
        return backOff;
    }
}
