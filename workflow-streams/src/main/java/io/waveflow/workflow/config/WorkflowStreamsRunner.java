package io.waveflow.workflow.config;

import io.waveflow.workflow.topology.WorkflowObserver;
import io.waveflow.workflow.topology.WorkflowTopology;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.streams.KafkaStreamsMicrometerListener;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Owns the one {@link KafkaStreams} instance of this service: creates topics, starts the
 * topology under exactly_once_v2 and closes it on shutdown. Scaling out is Kafka's: start
 * more instances with the same application id and the partitions spread over them.
 */
public class WorkflowStreamsRunner implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(WorkflowStreamsRunner.class);

    private final WorkflowStreamsSettings settings;
    private final Map<String, Object> adminConfig;
    private final Map<String, Object> kafkaStreamsConfig;
    private final Map<String, Object> deadLetterProducerConfig;
    private final KafkaStreamsMicrometerListener metrics;
    private final WorkflowObserver observer;
    private volatile KafkaStreams streams;
    private DeadLetterWriter deadLetters;

    /**
     * @param adminConfig        connection of the admin client that creates and checks topics
     * @param kafkaStreamsConfig connection and tuning of Kafka Streams ({@code spring.kafka.*});
     *                           the settings the workflow relies on are put on top
     * @param deadLetterProducerConfig connection of the producer that writes what the exception
     *                           handlers dead-letter
     * @param observer           what the topology reports its transitions to (the domain metrics)
     */
    public WorkflowStreamsRunner(WorkflowStreamsSettings settings, Map<String, Object> adminConfig,
                                 Map<String, Object> kafkaStreamsConfig, Map<String, Object> deadLetterProducerConfig,
                                 KafkaStreamsMicrometerListener metrics, WorkflowObserver observer) {
        this.settings = settings;
        this.adminConfig = Map.copyOf(adminConfig);
        this.kafkaStreamsConfig = Map.copyOf(kafkaStreamsConfig);
        this.deadLetterProducerConfig = Map.copyOf(deadLetterProducerConfig);
        this.metrics = metrics;
        this.observer = observer;
    }

    public KafkaStreams streams() {
        return streams;
    }

    @Override
    public void start() {
        try {
            TopicBootstrap.ensureTopics(adminConfig, settings.applicationId(), settings.partitions(),
                    settings.replication());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        }
        deadLetters = DeadLetterWriter.connect(deadLetterProducerConfig, observer);
        Properties config = streamsConfig();
        KafkaStreams created = new KafkaStreams(WorkflowTopology.build(settings.applicationId(), settings.topology(),
                observer, new TopologyConfig(new StreamsConfig(config))), config);
        created.setStateListener((now, before) -> log.info("kafka streams {} -> {}", before, now));
        created.setUncaughtExceptionHandler(new StreamThreadReplacement());
        metrics.streamsAdded(settings.applicationId(), created);
        created.start();
        streams = created;
    }

    @Override
    public void stop() {
        KafkaStreams running = streams;
        if (running != null) {
            running.close(Duration.ofSeconds(30));
            metrics.streamsRemoved(settings.applicationId(), running);
        }
        if (deadLetters != null) {
            deadLetters.close();
        }
    }

    @Override
    public boolean isRunning() {
        KafkaStreams running = streams;
        return running != null && running.state().isRunningOrRebalancing();
    }

    /**
     * Under exactly_once_v2 a record reaches the next hop only when its transaction commits. A
     * stream thread checks whether to commit after each poll, and a poll blocks up to
     * {@code poll.ms} (100 ms by default) while no input arrives: at low traffic every repartition
     * hop would wait for that poll instead of the commit interval. Polling no longer than the
     * commit interval keeps a hop near one commit interval at any traffic (BENCHMARK.md).
     */
    public static Map<String, Object> commitSettings(Duration commitInterval) {
        long commitMs = commitInterval.toMillis();
        return Map.of(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, commitMs,
                StreamsConfig.POLL_MS_CONFIG, Math.min(commitMs, 100L));
    }

    private Properties streamsConfig() {
        Map<String, Object> config = new HashMap<>(kafkaStreamsConfig);
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, settings.applicationId());
        config.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        config.put(StreamsConfig.STATE_DIR_CONFIG, settings.stateDir());
        config.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, settings.streamThreads());
        config.putAll(commitSettings(settings.commitInterval()));
        config.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) settings.replication());
        config.put(StreamsConfig.APPLICATION_SERVER_CONFIG, settings.advertisedServer());
        if (settings.kafkaInstanceId() != null && !settings.kafkaInstanceId().isBlank()) {
            // Static membership: a restarted instance takes its tasks back at once instead of after
            // the session timeout; Kafka Streams appends the stream thread's index.
            config.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG),
                    settings.kafkaInstanceId());
        }
        config.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        config.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, WorkflowProductionExceptionHandler.class);
        config.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, WorkflowProcessingExceptionHandler.class);
        config.put(DeadLetterWriter.CONFIG_KEY, deadLetters);
        Properties properties = new Properties();
        properties.putAll(config);
        return properties;
    }
}
