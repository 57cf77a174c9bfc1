package io.waveflow.bridge;

import io.micrometer.core.instrument.MeterRegistry;
import io.waveflow.contracts.celery.CeleryTasks;
import io.waveflow.contracts.command.GenerateHash;
import io.waveflow.contracts.command.ProcessAudioAnalysis;
import io.waveflow.contracts.command.StageCommand;
import io.waveflow.contracts.json.Codecs;
import io.waveflow.contracts.topic.Topics;
import io.waveflow.infra.EmbeddedSqs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.test.annotation.DirtiesContext;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.GetQueueAttributesRequest;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * SQS unreachable for 30 s in the middle of 500 commands, while a {@link QueueDrain} consumes the
 * queue throughout; each subclass runs it against its own Kafka, its own ElasticMQ and one queue.
 * <p>
 * ElasticMQ keeps messages in memory, so {@link EmbeddedSqs#stop()} drops whatever is still on the
 * queue and {@link EmbeddedSqs#restart()} brings the queue back empty (and, for a FIFO queue, with
 * an empty deduplication history). Real SQS keeps an accepted message, so a message lost that way
 * would be the fake's loss, not the bridge's. The test therefore stops SQS only at a quiet point:
 * the first 250 commands are on Kafka, the drain has received every one of their task ids, and the
 * queue reports no visible and no in-flight message; with no command left to forward, the bridge
 * has no send in flight that SQS could accept just before it stops. The other 250 commands are
 * produced while SQS is away, so the bridge fails, backs off and retries; they wait in Kafka and
 * must all arrive after the restart, on the new, empty queue.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        BridgeHttp.SECRETS_PROPERTY,
        // Short back-off cap, so the bridge's first retry after the restart comes within seconds.
        "waveflow.bridge.sqs-retry-max=2s",
        "waveflow.bridge.sqs-send-timeout=5s"})
@DirtiesContext
abstract class SqsOutageITSupport {

    static final int COMMANDS = 500;
    static final Duration OUTAGE = Duration.ofSeconds(30);
    private static final Instant NOW = Instant.parse("2026-11-26T01:02:03.456Z");
    /** Unicode and spaces in file names, as uploads have them. */
    private static final List<String> FILE_NAMES = List.of("Kick 01.wav", "베이스 라인.wav", "Voix – prise 3.wav",
            "synth_lead.wav");

    @LocalServerPort
    int port;

    @Autowired
    SqsAsyncClient sqs;

    @Autowired
    MeterRegistry meters;

    @Autowired
    ConcurrentMessageListenerContainer<String, byte[]> commandListenerContainer;

    /** The subclass's own servers: a static {@link OutageServers#start}, registered and stopped last. */
    abstract OutageServers servers();

    @Test
    void shouldDeliverEveryCommandWhenSqsIsUnreachableFor30SecondsMidRun() throws Exception {
        // given
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<StageCommand> commands = new ArrayList<>();
        for (int i = 0; i < COMMANDS; i++) {
            commands.add(command(run, i));
        }
        List<StageCommand> before = commands.subList(0, COMMANDS / 2);
        List<StageCommand> during = commands.subList(COMMANDS / 2, COMMANDS);
        List<String> taskIds = commands.stream().map(command -> CeleryTasks.of(command).id()).toList();
        String queueUrl = servers().sqs().queueUrl(servers().queue());
        long drainErrorsDuringOutage;

        // A first append to a partition whose leader is still being elected can wedge an idempotent producer.
        await("the bridge reads every partition of the commands topic, each with a leader")
                .atMost(Duration.ofSeconds(60)).ignoreExceptions()
                .until(() -> !commandListenerContainer.getAssignedPartitions().isEmpty()
                        && commandListenerContainer.getAssignedPartitions().size() == partitions());
        try (QueueDrain drain = new QueueDrain(sqs, queueUrl);
             KafkaProducer<String, byte[]> producer = producer()) {
            produce(producer, before);
            await("the drain received the first " + before.size() + " commands and the queue is empty")
                    .atMost(Duration.ofSeconds(60))
                    .until(() -> drain.distinctTaskIds() == before.size() && queueIsEmpty(queueUrl));
            double failedBefore = count("waveflow.bridge.sqs.failed");

            // when
            servers().sqs().stop();
            long drainErrorsBefore = drain.errors();
            try {
                produce(producer, during);
                await("the bridge fails to reach SQS").atMost(Duration.ofSeconds(20))
                        .until(() -> count("waveflow.bridge.sqs.failed") > failedBefore);
                await("SQS stays away for " + OUTAGE.toSeconds() + " s; nothing new is received")
                        .during(OUTAGE).atMost(OUTAGE.plusSeconds(15))
                        .until(() -> drain.distinctTaskIds() == before.size());
                drainErrorsDuringOutage = drain.errors() - drainErrorsBefore;
            } finally {
                servers().sqs().restart();
            }

            // then
            await("every task id received after SQS returned").atMost(Duration.ofSeconds(60))
                    .until(() -> drain.timesSeen().keySet().containsAll(taskIds));
            // Settled: nothing left on the queue, so a late duplicate would have been received by now.
            await().atMost(Duration.ofSeconds(30)).until(() -> queueIsEmpty(queueUrl));
            Map<String, Integer> timesSeen = drain.timesSeen();
            assertThat(timesSeen.keySet()).as("task ids received").containsExactlyInAnyOrderElementsOf(taskIds);
            assertThat(drainErrorsDuringOutage).as("failed receive calls while SQS was away").isPositive();
            if (servers().queue().endsWith(".fifo")) {
                assertThat(timesSeen).as("task ids received more than once").allSatisfy(
                        (taskId, times) -> assertThat(times).as(taskId).isEqualTo(1));
            }
            String prometheus = new BridgeHttp(port).get("/actuator/prometheus").body();
            assertThat(sample(prometheus, "waveflow_bridge_sqs_sent_total", "queue=\"" + servers().queue() + "\""))
                    .isEqualTo(COMMANDS);
            assertThat(sample(prometheus, "waveflow_bridge_sqs_failed_total", "queue=\"" + servers().queue() + "\""))
                    .isPositive();
            assertThat(sample(prometheus, "waveflow_bridge_sqs_retried_total", "queue=\"" + servers().queue() + "\""))
                    .isPositive();
            assertThat(prometheus).contains("waveflow_bridge_sqs_deadlettered_total{cause=\"refused\"");
            assertThat(sample(prometheus, "waveflow_bridge_sqs_deadlettered_total", "cause=")).isZero();
            assertThat(sample(prometheus, "waveflow_bridge_sqs_batch_size_entries_count", "")).isPositive();
            assertThat(sample(prometheus, "waveflow_bridge_sqs_batch_size_entries_max", "")).isBetween(1.0, 10.0);
            assertThat(prometheus).as("consumer lag of the commands consumer")
                    .contains("kafka_consumer_fetch_manager_records_lag_max");
            assertThat(sample(prometheus, "spring_kafka_listener_seconds_count",
                    "exception=\"SqsNotAcceptedException\"")).as("listener calls that left the batch to a retry")
                    .isPositive();
            System.out.printf("%s: %d task ids received, %d of them more than once; %d failed receive calls "
                            + "during the outage; bridge: %.0f sent, %.0f failed attempts, %.0f retried%n",
                    getClass().getSimpleName(), timesSeen.size(),
                    timesSeen.values().stream().filter(times -> times > 1).count(), drainErrorsDuringOutage,
                    count("waveflow.bridge.sqs.sent"), count("waveflow.bridge.sqs.failed"),
                    count("waveflow.bridge.sqs.retried"));
        }
    }

    /** Alternating hash and analysis commands, each for a stem of its own. */
    private static StageCommand command(String run, int i) {
        String stemId = "outage-" + run + "-" + i;
        String filepath = "stems/" + stemId + ".wav";
        String fileName = FILE_NAMES.get(i % FILE_NAMES.size());
        Instant time = NOW.plusMillis(i);
        if (i % 2 == 0) {
            return new GenerateHash("hash-" + stemId + "-1", time, stemId, 1, "user-" + i % 7, "track-" + i % 31,
                    filepath, time.toString(), fileName);
        }
        return new ProcessAudioAnalysis("analysis-" + stemId + "-1", time, stemId, 1, "user-" + i % 7,
                "track-" + i % 31, filepath, "%064x".formatted(i), time.toString(), fileName,
                ProcessAudioAnalysis.DEFAULT_NUM_PEAKS);
    }

    /** Partitions of the commands topic that have a leader. */
    private int partitions() throws Exception {
        String bootstrap = servers().kafka().bootstrapServers();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            TopicDescription topic = admin.describeTopics(List.of(Topics.COMMANDS.name())).allTopicNames()
                    .get(10, TimeUnit.SECONDS).get(Topics.COMMANDS.name());
            return (int) topic.partitions().stream().filter(partition -> partition.leader() != null).count();
        }
    }

    private KafkaProducer<String, byte[]> producer() {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers().kafka().bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer());
    }

    private static void produce(KafkaProducer<String, byte[]> producer, List<StageCommand> commands)
            throws Exception {
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        for (StageCommand command : commands) {
            sent.add(producer.send(new ProducerRecord<>(Topics.COMMANDS.name(), command.stemId(),
                    Codecs.COMMANDS.encode(command))));
        }
        for (Future<RecordMetadata> ack : sent) {
            ack.get(30, TimeUnit.SECONDS);
        }
    }

    private boolean queueIsEmpty(String queueUrl) {
        Map<QueueAttributeName, String> attributes = sqs.getQueueAttributes(GetQueueAttributesRequest.builder()
                .queueUrl(queueUrl)
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)
                .build()).join().attributes();
        return "0".equals(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                && "0".equals(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
    }

    /** The sum of a metric's samples whose labels contain {@code label}, from Prometheus's text format. */
    private static double sample(String prometheus, String name, String label) {
        return prometheus.lines()
                .filter(line -> (line.startsWith(name + "{") || line.startsWith(name + " ")) && line.contains(label))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    private double count(String counter) {
        return meters.get(counter).counters().stream().mapToDouble(c -> c.count()).sum();
    }

}
