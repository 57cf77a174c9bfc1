package io.waveflow.workflow.it;

import io.waveflow.contracts.Stage;
import io.waveflow.contracts.command.StageCommand;
import io.waveflow.contracts.inbound.HashReported;
import io.waveflow.contracts.inbound.UploadCompleted;
import io.waveflow.contracts.topic.Topics;
import io.waveflow.infra.EmbeddedKafka;
import io.waveflow.workflow.topology.WorkflowSettings;
import io.waveflow.workflow.topology.WorkflowTopology;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two topology instances, both with active tasks, share a 4-partition inbound topic on a real
 * broker; 200 pairs of stems report the same hash at the same time, the two stems of a pair on
 * different partitions. Exactly one stem of each pair may own the hash.
 */
class ClaimRaceIT {

    private static final int PAIRS = 200;
    private static final String APPLICATION_ID = "claim-race";

    private static EmbeddedKafka kafka;
    private static final List<KafkaStreams> instances = new ArrayList<>();

    @BeforeAll
    static void startBrokerAndTwoInstances() throws Exception {
        // Its own broker: the shared one may carry another test's workflow deployment.
        kafka = EmbeddedKafka.start(0, null);
        KafkaFixtures.createTopics(kafka.bootstrapServers(), APPLICATION_ID, 4);
        for (int i = 0; i < 2; i++) {
            KafkaStreams streams = new KafkaStreams(WorkflowTopology.build(APPLICATION_ID,
                    WorkflowSettings.defaults()),
                    KafkaFixtures.streamsProperties(kafka.bootstrapServers(), APPLICATION_ID, "claim-race"));
            streams.start();
            instances.add(streams);
        }
        await().atMost(Duration.ofSeconds(60)).until(() ->
                instances.stream().allMatch(streams -> streams.state() == KafkaStreams.State.RUNNING
                        && streams.metadataForLocalThreads().stream()
                        .anyMatch(thread -> !thread.activeTasks().isEmpty())));
    }

    @AfterAll
    static void stop() {
        instances.forEach(streams -> streams.close(Duration.ofSeconds(10)));
        kafka.close();
    }

    @Test
    void shouldMakeExactlyOneOwnerPerRacingPair() {
        try (var producer = KafkaFixtures.inboundProducer(kafka.bootstrapServers(), Map.of())) {
            Instant now = Instant.now();
            for (int pair = 0; pair < PAIRS; pair++) {
                for (String stemId : pairOf(pair)) {
                    producer.send(new ProducerRecord<>(Topics.INBOUND.name(), stemId,
                            new UploadCompleted("up-" + stemId, now, stemId, "u", "t", "f", "f", "ts")));
                }
            }
            // All hash reports after all uploads, pair members interleaved: they race.
            for (int pair = 0; pair < PAIRS; pair++) {
                for (String stemId : pairOf(pair)) {
                    producer.send(new ProducerRecord<>(Topics.INBOUND.name(), stemId,
                            new HashReported("hash-" + stemId, now, stemId, "u", "t", "f", "hash" + pair, "ts", "f",
                                    "SUCCESS")));
                }
            }
        }

        List<StageCommand> commands = new ArrayList<>();
        try (var consumer = KafkaFixtures.committedCommands(kafka.bootstrapServers(), "claim-race-reader")) {
            consumer.subscribe(List.of(Topics.COMMANDS.name()));
            await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> {
                consumer.poll(Duration.ofMillis(500)).forEach(record -> commands.add(record.value()));
                assertThat(commands.stream().filter(c -> c.stage() != Stage.HASH)).hasSize(2 * PAIRS);
            });
            // Nothing more may follow: one more generous poll must stay empty.
            assertThat(consumer.poll(Duration.ofSeconds(3)).count()).isZero();
        }

        Map<Stage, Long> byStage = new HashMap<>();
        commands.forEach(command -> byStage.merge(command.stage(), 1L, Long::sum));
        assertThat(byStage).containsEntry(Stage.ANALYSIS, (long) PAIRS).containsEntry(Stage.DUPLICATE, (long) PAIRS);
        for (int pair = 0; pair < PAIRS; pair++) {
            List<String> pairIds = List.of(pairOf(pair));
            List<StageCommand> analysed = commands.stream()
                    .filter(c -> c.stage() == Stage.ANALYSIS && pairIds.contains(c.stemId())).toList();
            assertThat(analysed).as("pair %d", pair).hasSize(1);
            assertThat(commands.stream().filter(c -> c.stage() == Stage.DUPLICATE && pairIds.contains(c.stemId())))
                    .as("pair %d", pair).singleElement()
                    .satisfies(duplicate -> assertThat(duplicate.stemId()).isNotEqualTo(analysed.get(0).stemId()));
        }
        assertThat(commands.stream().map(StageCommand::id).distinct()).hasSize(commands.size());
    }

    /** Two stem ids whose records land on different inbound partitions (Kafka's default partitioner). */
    private static String[] pairOf(int pair) {
        String first = "race-" + pair + "-a";
        String second = Stream.iterate(0, n -> n + 1).map(n -> "race-" + pair + "-b" + n)
                .filter(candidate -> partition(candidate) != partition(first)).findFirst().orElseThrow();
        return new String[] {first, second};
    }

    private static int partition(String key) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % 4;
    }
}
