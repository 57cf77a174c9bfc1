package io.waveflow.bridge.celery;

import io.waveflow.bridge.celery.CommandPlanner.Batch;
import io.waveflow.bridge.celery.CommandPlanner.Plan;
import io.waveflow.bridge.celery.CommandPlanner.Undeliverable;
import io.waveflow.contracts.Stage;
import io.waveflow.contracts.celery.CeleryCodec;
import io.waveflow.contracts.command.GenerateHash;
import io.waveflow.contracts.command.ProcessAudioAnalysis;
import io.waveflow.contracts.command.StageCommand;
import io.waveflow.contracts.json.Codecs;
import io.waveflow.contracts.topic.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class CommandPlannerTest {

    private static final Instant NOW = Instant.parse("2026-11-26T01:02:03.456Z");
    private static final String QUEUE = "http://127.0.0.1:9324/000000000000/waveflow-audio-process-queue";
    private static final String FIFO_QUEUE = "http://127.0.0.1:9324/000000000000/waveflow-audio-process-queue.fifo";
    private static final String ANALYSIS_QUEUE = "http://127.0.0.1:9324/000000000000/waveflow-analysis";

    @Test
    void shouldPlanAtMostTenEntriesPerBatchInRecordOrder() {
        List<ConsumerRecord<String, byte[]>> records = IntStream.range(0, 23)
                .mapToObj(offset -> record(offset, hash("s" + offset, "f"))).toList();

        Plan plan = planner(QUEUE).plan(records);

        assertThat(plan.batches()).extracting(batch -> batch.messages().size()).containsExactly(10, 10, 3);
        assertThat(plan.batches()).flatExtracting(Batch::messages)
                .extracting(message -> message.record().offset())
                .containsExactlyElementsOf(IntStream.range(0, 23).mapToObj(Long::valueOf).toList());
        assertThat(plan.batches().get(0).request().entries()).extracting(SendMessageBatchRequestEntry::id)
                .containsExactly("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
        assertThat(plan.undeliverable()).isEmpty();
    }

    @Test
    void shouldKeepTheBodiesOfABatchWithin256KiB() {
        String filepath = "stems/" + "x".repeat(20_000) + ".wav";
        List<ConsumerRecord<String, byte[]>> records = IntStream.range(0, 7)
                .mapToObj(offset -> record(offset, hash("s" + offset, filepath))).toList();

        Plan plan = planner(QUEUE).plan(records);

        int body = plan.batches().get(0).messages().get(0).body().length();
        int perBatch = CommandPlanner.MAX_BATCH_BYTES / body;
        assertThat(perBatch).as("messages that fit into one call").isBetween(2, 9);
        assertThat(plan.batches()).allSatisfy(batch -> assertThat(bodyBytes(batch.request()))
                .isLessThanOrEqualTo(CommandPlanner.MAX_BATCH_BYTES));
        assertThat(plan.batches()).extracting(batch -> batch.messages().size())
                .startsWith(perBatch).hasSize((7 + perBatch - 1) / perBatch);
    }

    @Test
    void shouldBatchPerQueue() {
        CommandPlanner planner = new CommandPlanner(new QueueRouting(QUEUE,
                Map.of(Stage.ANALYSIS.taskName(), ANALYSIS_QUEUE)));

        Plan plan = planner.plan(List.of(record(0, hash("s1", "f")), record(1, analysis("s2")),
                record(2, hash("s3", "f"))));

        assertThat(plan.batches()).extracting(batch -> batch.request().queueUrl())
                .containsExactly(QUEUE, ANALYSIS_QUEUE);
        assertThat(plan.batches().get(0).messages()).extracting(message -> message.task().id())
                .containsExactly("hash-s1-1", "hash-s3-1");
        assertThat(CeleryCodec.decode(plan.batches().get(1).messages().get(0).body()).routingKey())
                .isEqualTo("waveflow-analysis");
    }

    @Test
    void shouldGroupByStemAndDeduplicateByTaskIdOnAFifoQueueOnly() {
        List<ConsumerRecord<String, byte[]>> records = List.of(record(0, hash("s1", "f")), record(1, analysis("s1")));

        SendMessageBatchRequest fifo = planner(FIFO_QUEUE).plan(records).batches().get(0).request();
        SendMessageBatchRequest standard = planner(QUEUE).plan(records).batches().get(0).request();

        assertThat(fifo.entries()).extracting(SendMessageBatchRequestEntry::messageGroupId).containsOnly("s1");
        assertThat(fifo.entries()).extracting(SendMessageBatchRequestEntry::messageDeduplicationId)
                .containsExactly("hash-s1-1", "analysis-s1-1");
        assertThat(standard.entries()).allSatisfy(entry -> {
            assertThat(entry.messageGroupId()).isNull();
            assertThat(entry.messageDeduplicationId()).isNull();
        });
    }

    @Test
    void shouldPlanTheSameRequestsForABatchHandedBackAgain() {
        List<ConsumerRecord<String, byte[]>> records = List.of(record(0, hash("s1", "f")), record(1, analysis("s2")));
        CommandPlanner planner = planner(FIFO_QUEUE);

        assertThat(planner.plan(records).batches().get(0).request())
                .isEqualTo(planner.plan(records).batches().get(0).request());
    }

    @Test
    void shouldHashGroupAndDeduplicationIdsSqsWouldRefuse() {
        String longStem = "s".repeat(128);

        SendMessageBatchRequestEntry entry = planner(FIFO_QUEUE).plan(List.of(record(0, hash(longStem, "f"))))
                .batches().get(0).request().entries().get(0);

        assertThat(entry.messageGroupId()).isEqualTo(longStem);
        assertThat(entry.messageDeduplicationId()).matches("[0-9a-f]{64}")
                .isEqualTo(CommandPlanner.sqsId("hash-" + longStem + "-1"));
        assertThat(CommandPlanner.sqsId("hash s1")).matches("[0-9a-f]{64}");
    }

    @Test
    void shouldPlanRecordsThatCanNeverBeSentForTheDeadLetterTopic() {
        ConsumerRecord<String, byte[]> garbage = new ConsumerRecord<>(Topics.COMMANDS.name(), 0, 0, "s1",
                "not a command".getBytes(StandardCharsets.UTF_8));
        StageCommand noFilepath = new GenerateHash("hash-s2-1", NOW, "s2", 1, "u1", "t1", null, "ts", "o");

        Plan plan = planner(QUEUE).plan(List.of(garbage, record(1, noFilepath), record(2, hash("s3", "f"))));

        assertThat(plan.undeliverable()).extracting(Undeliverable::cause)
                .containsExactly(ForwardingMetrics.UNDECODABLE, ForwardingMetrics.REFUSED);
        assertThat(plan.undeliverable().get(0).record()).isSameAs(garbage);
        assertThat(plan.undeliverable().get(0).stemId()).isNull();
        assertThat(plan.undeliverable().get(0).reason()).startsWith("not JSON");
        assertThat(plan.undeliverable().get(1).stemId()).isEqualTo("s2");
        assertThat(plan.undeliverable().get(1).reason())
                .isEqualTo("kwarg filepath of task hash-s2-1 is missing: the worker would get None");
        assertThat(plan.batches()).singleElement().satisfies(batch -> assertThat(batch.messages())
                .extracting(message -> message.task().id()).containsExactly("hash-s3-1"));
    }

    private static CommandPlanner planner(String queueUrl) {
        return new CommandPlanner(new QueueRouting(queueUrl, Map.of()));
    }

    private static int bodyBytes(SendMessageBatchRequest request) {
        return request.entries().stream().mapToInt(entry -> entry.messageBody().length()).sum();
    }

    private static ConsumerRecord<String, byte[]> record(long offset, StageCommand command) {
        return new ConsumerRecord<>(Topics.COMMANDS.name(), 0, offset, command.stemId(),
                Codecs.COMMANDS.encode(command));
    }

    private static GenerateHash hash(String stemId, String filepath) {
        return new GenerateHash("hash-" + stemId + "-1", NOW, stemId, 1, "u1", "t1", filepath,
                "2026-11-26T01:00:00.000Z", stemId + ".wav");
    }

    private static ProcessAudioAnalysis analysis(String stemId) {
        return new ProcessAudioAnalysis("analysis-" + stemId + "-1", NOW, stemId, 1, "u1", "t1",
                "stems/" + stemId + ".wav", "abc", "2026-11-26T01:00:00.000Z", stemId + ".wav",
                ProcessAudioAnalysis.DEFAULT_NUM_PEAKS);
    }
}
