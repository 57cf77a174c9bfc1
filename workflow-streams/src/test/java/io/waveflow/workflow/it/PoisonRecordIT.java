package io.waveflow.workflow.it;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.waveflow.contracts.deadletter.DeadLetter;
import io.waveflow.contracts.topic.Topics;
import io.waveflow.infra.SharedInfra;
import io.waveflow.workflow.config.WorkflowStreamsRunner;
import io.waveflow.workflow.config.WorkflowStreamsSettings;
import io.waveflow.workflow.topology.ClaimScope;
import io.waveflow.workflow.topology.InternalTopics;
import io.waveflow.workflow.topology.Phase;
import io.waveflow.workflow.topology.StemState;
import io.waveflow.workflow.topology.Transition;
import io.waveflow.workflow.topology.WorkflowObserver;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.streams.KafkaStreamsMicrometerListener;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A record whose processing throws (here: the observer the topology reports to fails for one
 * stem, as a bug would) is dead-lettered with the reason by the processing exception handler,
 * and the stem after it on the same partition is still decided by the same, still running,
 * stream thread: one poison record never stops the decisions.
 */
class PoisonRecordIT {

    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);

    private WorkflowStreamsRunner runner;

    @AfterEach
    void stop() {
        if (runner != null) {
            runner.stop();
        }
    }

    @Test
    void shouldDeadLetterARecordThatThrowsAndDecideTheNextStem() throws Exception {
        String bootstrap = SharedInfra.get().kafka().bootstrapServers();
        String applicationId = "poison-it-" + RUN;
        String poison = "poison-" + RUN;
        WorkflowObserver failingForPoison = new WorkflowObserver() {
            @Override
            public void transitioned(StemState before, Transition transition, boolean byDeadline) {
                if (transition.state() != null && transition.state().stemId().equals(poison)) {
                    throw new IllegalStateException("a bug met stem " + poison);
                }
            }
        };
        Map<String, Object> connection = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        runner = new WorkflowStreamsRunner(settings(applicationId), connection, connection, connection,
                new KafkaStreamsMicrometerListener(new SimpleMeterRegistry()), failingForPoison);
        runner.start();

        // The next stem must share the poison's partition, or it would prove nothing about the thread.
        int partitions = inboundPartitions(bootstrap);
        String next = sameInboundPartition(poison, partitions);
        String hash = "cd" + RUN;
        KafkaFixtures.produce(bootstrap, KafkaFixtures.upload(poison), KafkaFixtures.upload(next),
                KafkaFixtures.hashReported(next, hash));

        List<DeadLetter> letters = new ArrayList<>();
        try (KafkaConsumer<String, DeadLetter> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "poison-dead-letters-" + RUN,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), Topics.DEAD_LETTER.valueSerde().deserializer())) {
            consumer.subscribe(List.of(Topics.DEAD_LETTER.name()));
            await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> {
                    if (poison.equals(record.key())) {
                        letters.add(record.value());
                    }
                });
                assertThat(letters).isNotEmpty();
            });
        }
        DeadLetter letter = letters.get(0);
        assertThat(letter.sourceTopic()).isEqualTo(Topics.INBOUND.name());
        assertThat(letter.reason()).contains("processing failed").contains("a bug met stem " + poison);
        assertThat(letter.value()).contains(poison);

        // Other ITs' services in this JVM read the same inbound topic and write the same commands
        // topic: this runner's own stem store says what it decided. The store cannot be queried
        // while a rebalance moves the thread's tasks (Streams may rebalance again once its internal
        // topics exist): asked again then.
        await().atMost(Duration.ofSeconds(90)).ignoreException(InvalidStateStoreException.class).untilAsserted(() -> {
            ReadOnlyKeyValueStore<String, StemState> stems = runner.streams().store(StoreQueryParameters
                    .fromNameAndType(InternalTopics.STEM_STATE_STORE, QueryableStoreTypes.keyValueStore()));
            StemState decided = stems.get(next);
            assertThat(decided).isNotNull();
            assertThat(decided.phase()).isEqualTo(Phase.ANALYSING);
            assertThat(decided.ownerStemId()).isEqualTo(next);
            assertThat(stems.get(poison)).isNull();
        });
        // The poison did not stop the thread (a dead thread is replaced, so also: none died).
        assertThat(runner.streams().state()).isIn(KafkaStreams.State.RUNNING, KafkaStreams.State.REBALANCING);
        assertThat(runner.streams().metadataForLocalThreads()).singleElement()
                .satisfies(thread -> assertThat(thread.threadName()).endsWith("-StreamThread-1"));
    }

    private static WorkflowStreamsSettings settings(String applicationId) throws Exception {
        return new WorkflowStreamsSettings(applicationId, Files.createTempDirectory(applicationId).toString(), 1,
                Duration.ofMillis(100), ClaimScope.USER_TRACK, 1024, Duration.ofMinutes(10), Duration.ofMinutes(30),
                Duration.ofMinutes(10), 3, Set.of("RETRYABLE"), Duration.ofSeconds(1), 4, (short) 1,
                "127.0.0.1:1", null);
    }

    private static int inboundPartitions(String bootstrap) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            return admin.describeTopics(List.of(Topics.INBOUND.name())).allTopicNames().get()
                    .get(Topics.INBOUND.name()).partitions().size();
        }
    }

    /** A stem id that the default partitioner puts on the same inbound partition as {@code stemId}. */
    private static String sameInboundPartition(String stemId, int partitions) {
        int target = partitionOf(stemId, partitions);
        for (int i = 0; ; i++) {
            String candidate = "next-" + i + "-" + RUN;
            if (partitionOf(candidate, partitions) == target) {
                return candidate;
            }
        }
    }

    private static int partitionOf(String key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
    }
}
