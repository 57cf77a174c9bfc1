package io.waveflow.bridge.celery;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.waveflow.contracts.celery.CeleryCodec;
import io.waveflow.contracts.celery.CeleryMessage;
import io.waveflow.contracts.command.GenerateHash;
import io.waveflow.contracts.command.ProcessAudioAnalysis;
import io.waveflow.contracts.command.ProcessDuplicateFile;
import io.waveflow.contracts.command.StageCommand;
import io.waveflow.contracts.deadletter.DeadLetter;
import io.waveflow.contracts.json.Codecs;
import io.waveflow.contracts.topic.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResultEntry;
import software.amazon.awssdk.services.sqs.model.SqsException;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CommandForwarderTest {

    private static final Instant NOW = Instant.parse("2026-11-26T01:02:03.456Z");
    private static final String QUEUE = "http://127.0.0.1:9324/000000000000/waveflow-audio-process-queue";
    private static final String FIFO_QUEUE = "http://127.0.0.1:9324/000000000000/waveflow-audio-process-queue.fifo";

    private final FakeSqs sqs = new FakeSqs();
    private final List<DeadLetter> deadLetters = new ArrayList<>();
    private final MeterRegistry meters = new SimpleMeterRegistry();

    @Test
    void shouldSendEachCommandAsACeleryMessageTheWorkerCanRead() {
        forwarder(QUEUE).forward(List.of(
                record(0, hash("s1")), record(1, duplicate("s2")), record(2, analysis("s3"))));

        assertThat(sqs.requests).singleElement().satisfies(request -> {
            assertThat(request.queueUrl()).isEqualTo(QUEUE);
            assertThat(request.entries()).extracting(SendMessageBatchRequestEntry::id).containsExactly("0", "1", "2");
            assertThat(request.entries()).allSatisfy(entry -> assertThat(entry.messageGroupId()).isNull());
        });
        List<CeleryMessage> messages = sqs.sentBodies().stream().map(CeleryCodec::decode).toList();
        assertThat(messages).extracting(message -> message.task().name()).containsExactly(
                "app.tasks.generate_hash_and_webhook", "app.tasks.process_duplicate_file",
                "app.tasks.process_audio_analysis");
        assertThat(messages).extracting(CeleryMessage::routingKey).containsOnly("waveflow-audio-process-queue");
        assertThat(messages.get(2).task().id()).isEqualTo("analysis-s3-1");
        assertThat(messages.get(2).task().kwargs()).containsExactly(
                Map.entry("userId", "u1"), Map.entry("trackId", "t1"), Map.entry("stemId", "s3"),
                Map.entry("filepath", "stems/s3.wav"), Map.entry("audio_hash", "abc"),
                Map.entry("timestamp", "2026-11-26T01:00:00.000Z"), Map.entry("original_filename", "s3.wav"),
                Map.entry("num_peaks", 1024));
        assertThat(counter("waveflow.bridge.sqs.sent")).isEqualTo(3);
        assertThat(deadLetters).isEmpty();
    }

    @Test
    void shouldSendAtMostTenEntriesPerBatch() {
        List<ConsumerRecord<String, byte[]>> records = IntStream.range(0, 23)
                .mapToObj(offset -> record(offset, hash("s" + offset))).toList();

        forwarder(QUEUE).forward(records);

        assertThat(sqs.requests).extracting(request -> request.entries().size()).containsExactly(10, 10, 3);
        assertThat(meters.get("waveflow.bridge.sqs.batch.size").summary().count()).isEqualTo(3);
    }

    @Test
    void shouldSetGroupAndDeduplicationIdsOnAFifoQueue() {
        forwarder(FIFO_QUEUE).forward(List.of(record(0, hash("s1"))));

        SendMessageBatchRequestEntry entry = sqs.requests.get(0).entries().get(0);
        assertThat(entry.messageGroupId()).isEqualTo("s1");
        assertThat(entry.messageDeduplicationId()).isEqualTo("hash-s1-1");
        assertThat(CeleryCodec.decode(entry.messageBody()).routingKey())
                .isEqualTo("waveflow-audio-process-queue.fifo");
    }

    @Test
    void shouldResendTheWholeBatchWhenSqsDidNotAcceptPartOfIt() {
        CommandForwarder forwarder = forwarder(QUEUE);
        List<ConsumerRecord<String, byte[]>> batch = List.of(
                record(0, hash("s1")), record(1, hash("s2")), record(2, hash("s3")));
        sqs.answers.add(request -> answer(request, "1", false));

        assertThatThrownBy(() -> forwarder.forward(batch)).isInstanceOf(SqsNotAcceptedException.class)
                .hasMessageStartingWith("1 of 3 commands");
        forwarder.forward(batch);

        assertThat(sqs.requests).hasSize(2);
        assertThat(sqs.requests.get(1).entries())
                .extracting(entry -> CeleryCodec.decode(entry.messageBody()).task().id())
                .containsExactly("hash-s1-1", "hash-s2-1", "hash-s3-1");
        assertThat(counter("waveflow.bridge.sqs.sent")).isEqualTo(5);
        assertThat(counter("waveflow.bridge.sqs.failed")).isEqualTo(1);
        assertThat(counter("waveflow.bridge.sqs.retried")).isEqualTo(3);
    }

    @Test
    void shouldRetryTheWholeBatchAfterAnSqsError() {
        CommandForwarder forwarder = forwarder(QUEUE);
        List<ConsumerRecord<String, byte[]>> batch = List.of(record(0, hash("s1")), record(1, hash("s2")));
        sqs.answers.add(request -> CompletableFuture.failedFuture(
                SqsException.builder().message("Service Unavailable").statusCode(503).build()));

        assertThatThrownBy(() -> forwarder.forward(batch)).isInstanceOf(SqsNotAcceptedException.class);
        forwarder.forward(batch);

        assertThat(sqs.requests).extracting(request -> request.entries().size()).containsExactly(2, 2);
        assertThat(counter("waveflow.bridge.sqs.retried")).isEqualTo(2);
    }

    @Test
    void shouldDeadLetterWhatSqsRefusesAsTheSendersFault() {
        sqs.answers.add(request -> answer(request, "0", true));

        forwarder(QUEUE).forward(List.of(record(0, hash("s1")), record(1, hash("s2"))));

        assertThat(deadLetters).singleElement().satisfies(letter -> {
            assertThat(letter.sourceOffset()).isEqualTo(0);
            assertThat(letter.key()).isEqualTo("s1");
            assertThat(letter.reason()).isEqualTo("SQS refused the message: InvalidParameterValue: refused");
            assertThat(letter.failedIn()).isEqualTo("bridge");
        });
        assertThat(counter("waveflow.bridge.sqs.sent")).isEqualTo(1);
    }

    @Test
    void shouldDeadLetterUnreadableRecordsAndRefusedCommandsAndForwardTheRest() {
        byte[] garbage = "not a command".getBytes(StandardCharsets.UTF_8);
        StageCommand noFilepath = new GenerateHash("hash-s2-1", NOW, "s2", 1, "u1", "t1", null, "ts", "o");

        forwarder(QUEUE).forward(List.of(
                new ConsumerRecord<>(Topics.COMMANDS.name(), 0, 0, "s1", garbage),
                record(1, noFilepath),
                record(2, hash("s3"))));

        assertThat(deadLetters).extracting(DeadLetter::sourceOffset).containsExactly(0L, 1L);
        assertThat(deadLetters.get(0).value()).isEqualTo("not a command");
        assertThat(deadLetters.get(0).reason()).startsWith("not JSON");
        assertThat(deadLetters.get(1).reason())
                .isEqualTo("kwarg filepath of task hash-s2-1 is missing: the worker would get None");
        assertThat(sqs.sentBodies()).singleElement()
                .satisfies(body -> assertThat(CeleryCodec.decode(body).task().id()).isEqualTo("hash-s3-1"));
    }

    @Test
    void shouldDeadLetterARecordOnlyOnceWhenItsBatchIsRetried() {
        CommandForwarder forwarder = forwarder(QUEUE);
        List<ConsumerRecord<String, byte[]>> batch = List.of(
                new ConsumerRecord<>(Topics.COMMANDS.name(), 0, 0, "s1", new byte[] {(byte) 0xff}),
                record(1, hash("s2")));
        sqs.answers.add(request -> answer(request, "0", false));

        assertThatThrownBy(() -> forwarder.forward(batch)).isInstanceOf(SqsNotAcceptedException.class);
        forwarder.forward(batch);

        assertThat(deadLetters).singleElement().satisfies(letter -> assertThat(letter.valueEncoding())
                .isEqualTo("base64"));
        assertThat(sqs.requests).hasSize(2);
    }

    private CommandForwarder forwarder(String queueUrl) {
        return new CommandForwarder(sqs, new QueueRouting(queueUrl, Map.of()),
                (key, letter) -> deadLetters.add(letter), meters, Duration.ofSeconds(5),
                Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private double counter(String name) {
        return meters.get(name).counters().stream().mapToDouble(c -> c.count()).sum();
    }

    private static ConsumerRecord<String, byte[]> record(long offset, StageCommand command) {
        return new ConsumerRecord<>(Topics.COMMANDS.name(), 0, offset, command.stemId(),
                Codecs.COMMANDS.encode(command));
    }

    private static GenerateHash hash(String stemId) {
        return new GenerateHash("hash-" + stemId + "-1", NOW, stemId, 1, "u1", "t1", "stems/" + stemId + ".wav",
                "2026-11-26T01:00:00.000Z", stemId + ".wav");
    }

    private static ProcessDuplicateFile duplicate(String stemId) {
        return new ProcessDuplicateFile("duplicate-" + stemId + "-1", NOW, stemId, 1, "u1", "t1",
                "stems/" + stemId + ".wav", "abc", "s0");
    }

    private static ProcessAudioAnalysis analysis(String stemId) {
        return new ProcessAudioAnalysis("analysis-" + stemId + "-1", NOW, stemId, 1, "u1", "t1",
                "stems/" + stemId + ".wav", "abc", "2026-11-26T01:00:00.000Z", stemId + ".wav",
                ProcessAudioAnalysis.DEFAULT_NUM_PEAKS);
    }

    /** Answers every entry as accepted except {@code failedId}. */
    private static CompletableFuture<SendMessageBatchResponse> answer(SendMessageBatchRequest request,
                                                                      String failedId, boolean senderFault) {
        SendMessageBatchResponse.Builder response = SendMessageBatchResponse.builder()
                .successful(request.entries().stream().filter(entry -> !entry.id().equals(failedId))
                        .map(entry -> SendMessageBatchResultEntry.builder().id(entry.id())
                                .messageId("m-" + entry.id()).build())
                        .toList())
                .failed(BatchResultErrorEntry.builder().id(failedId).senderFault(senderFault)
                        .code(senderFault ? "InvalidParameterValue" : "InternalError")
                        .message(senderFault ? "refused" : "try again").build());
        return CompletableFuture.completedFuture(response.build());
    }

    /** Records requests; answers from the script, then accepts everything. */
    private static final class FakeSqs implements SqsAsyncClient {

        final List<SendMessageBatchRequest> requests = new ArrayList<>();
        final Deque<Function<SendMessageBatchRequest, CompletableFuture<SendMessageBatchResponse>>> answers =
                new ArrayDeque<>();

        @Override
        public CompletableFuture<SendMessageBatchResponse> sendMessageBatch(SendMessageBatchRequest request) {
            requests.add(request);
            if (!answers.isEmpty()) {
                return answers.poll().apply(request);
            }
            return answer(request, "none", false).thenApply(response -> response.toBuilder().failed(List.of()).build());
        }

        List<String> sentBodies() {
            return requests.stream().flatMap(request -> request.entries().stream())
                    .map(SendMessageBatchRequestEntry::messageBody).toList();
        }

        @Override
        public String serviceName() {
            return "sqs";
        }

        @Override
        public void close() {
        }
    }
}
