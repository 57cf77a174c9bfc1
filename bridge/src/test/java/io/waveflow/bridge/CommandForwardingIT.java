package io.waveflow.bridge;

import io.waveflow.bridge.celery.QueueRouting;
import io.waveflow.contracts.celery.CeleryCodec;
import io.waveflow.contracts.celery.CeleryMessage;
import io.waveflow.contracts.command.GenerateHash;
import io.waveflow.contracts.command.ProcessAudioAnalysis;
import io.waveflow.contracts.command.ProcessDuplicateFile;
import io.waveflow.contracts.command.StageCommand;
import io.waveflow.contracts.deadletter.DeadLetter;
import io.waveflow.contracts.json.Codecs;
import io.waveflow.contracts.topic.Topics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Commands on Kafka against the real bridge: what reaches SQS as Celery messages, and what is dead-lettered. */
class CommandForwardingIT extends BridgeITSupport {

    private static final Instant NOW = Instant.parse("2026-11-26T01:02:03.456Z");

    private static KafkaProducer<String, byte[]> producer;

    @Autowired
    SqsAsyncClient sqs;

    @Autowired
    QueueRouting routing;

    @BeforeAll
    static void startProducer() {
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer());
    }

    @AfterAll
    static void closeProducer() {
        producer.close(Duration.ofSeconds(5));
    }

    @Test
    void shouldDeliverStageCommandsAsCeleryMessagesWithTheSeedsTasksAndKwargs() {
        String stemId = newStemId();

        produce(stemId, Codecs.COMMANDS.encode(hash(stemId)));
        produce(stemId, Codecs.COMMANDS.encode(analysis(stemId)));

        List<CeleryMessage> messages = awaitMessages(STANDARD_QUEUE, stemId, 2).stream()
                .map(message -> CeleryCodec.decode(message.body())).toList();
        assertThat(messages).extracting(CeleryMessage::routingKey).containsOnly(STANDARD_QUEUE);
        assertThat(messages).extracting(message -> message.task().name()).containsExactlyInAnyOrder(
                "app.tasks.generate_hash_and_webhook", "app.tasks.process_audio_analysis");
        assertThat(messages).filteredOn(message -> message.task().name().endsWith("generate_hash_and_webhook"))
                .singleElement().satisfies(message -> {
                    assertThat(message.task().id()).isEqualTo("hash-" + stemId + "-1");
                    assertThat(message.task().args()).isEmpty();
                    assertThat(message.task().kwargs()).containsExactly(
                            Map.entry("userId", "u1"), Map.entry("trackId", "t1"), Map.entry("stemId", stemId),
                            Map.entry("filepath", "stems/a.wav"), Map.entry("timestamp", "2026-11-26T01:00:00.000Z"),
                            Map.entry("original_filename", "A.wav"));
                });
        assertThat(messages).filteredOn(message -> message.task().name().endsWith("process_audio_analysis"))
                .singleElement().satisfies(message -> assertThat(message.task().kwargs())
                        .containsEntry("audio_hash", "9f86d08").containsEntry("num_peaks", 1024));
    }

    @Test
    void shouldGiveMessagesOnAFifoQueueTheStemAsGroupAndTheTaskIdForDeduplication() {
        String stemId = newStemId();

        produce(stemId, Codecs.COMMANDS.encode(new ProcessDuplicateFile("duplicate-" + stemId + "-1", NOW, stemId, 1,
                "u1", "t1", "stems/b.wav", "9f86d08", "stem-owner")));

        Message message = awaitMessages(FIFO_QUEUE, stemId, 1).get(0);
        assertThat(message.attributes())
                .containsEntry(MessageSystemAttributeName.MESSAGE_GROUP_ID, stemId)
                .containsEntry(MessageSystemAttributeName.MESSAGE_DEDUPLICATION_ID, "duplicate-" + stemId + "-1");
        CeleryMessage celery = CeleryCodec.decode(message.body());
        assertThat(celery.routingKey()).isEqualTo(FIFO_QUEUE);
        assertThat(celery.task().name()).isEqualTo("app.tasks.process_duplicate_file");
        assertThat(celery.task().kwargs()).containsExactly(
                Map.entry("userId", "u1"), Map.entry("trackId", "t1"), Map.entry("stemId", stemId),
                Map.entry("filepath", "stems/b.wav"), Map.entry("audio_hash", "9f86d08"));
    }

    @Test
    void shouldDeadLetterRefusedAndUnreadableCommandsAndKeepForwardingTheRest() {
        String refusedStem = newStemId();
        String unreadableStem = newStemId();
        String laterStem = newStemId();
        StageCommand withoutFilepath = new GenerateHash("hash-" + refusedStem + "-1", NOW, refusedStem, 1, "u1", "t1",
                null, "ts", "o");

        try (TopicReader<DeadLetter> deadLetters = new TopicReader<>(bootstrapServers(), Topics.DEAD_LETTER)) {
            produce(refusedStem, Codecs.COMMANDS.encode(withoutFilepath));
            produce(unreadableStem, "{\"type\":\"io.waveflow.command.Nope.v1\"}".getBytes(StandardCharsets.UTF_8));
            produce(laterStem, Codecs.COMMANDS.encode(hash(laterStem)));

            assertThat(deadLetters.awaitRecords(refusedStem, 1)).singleElement().satisfies(record -> {
                assertThat(record.value().reason()).isEqualTo(
                        "kwarg filepath of task hash-" + refusedStem + "-1 is missing: the worker would get None");
                assertThat(record.value().failedIn()).isEqualTo("bridge");
                assertThat(record.value().sourceTopic()).isEqualTo(Topics.COMMANDS.name());
            });
            assertThat(deadLetters.awaitRecords(unreadableStem, 1)).singleElement().satisfies(record -> {
                assertThat(record.value().reason()).isEqualTo("unknown StageCommand type: io.waveflow.command.Nope.v1");
                assertThat(record.value().value()).isEqualTo("{\"type\":\"io.waveflow.command.Nope.v1\"}");
            });
        }
        assertThat(awaitMessages(STANDARD_QUEUE, laterStem, 1)).singleElement()
                .satisfies(message -> assertThat(CeleryCodec.decode(message.body()).task().id())
                        .isEqualTo("hash-" + laterStem + "-1"));
    }

    private static void produce(String key, byte[] value) {
        try {
            producer.send(new ProducerRecord<>(Topics.COMMANDS.name(), key, value)).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not produce a command", e);
        }
    }

    private List<Message> awaitMessages(String queueName, String stemId, int count) {
        String queueUrl = routing.queues().stream().filter(queue -> queue.name().equals(queueName))
                .findFirst().orElseThrow().url();
        return new QueueReader(sqs, queueUrl).awaitMessages(stemId, count);
    }

    private static GenerateHash hash(String stemId) {
        return new GenerateHash("hash-" + stemId + "-1", NOW, stemId, 1, "u1", "t1", "stems/a.wav",
                "2026-11-26T01:00:00.000Z", "A.wav");
    }

    private static ProcessAudioAnalysis analysis(String stemId) {
        return new ProcessAudioAnalysis("analysis-" + stemId + "-1", NOW, stemId, 1, "u1", "t1", "stems/a.wav",
                "9f86d08", "2026-11-26T01:00:00.000Z", "A.wav", ProcessAudioAnalysis.DEFAULT_NUM_PEAKS);
    }
}
