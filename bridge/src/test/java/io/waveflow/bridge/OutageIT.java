package io.waveflow.bridge;

import io.micrometer.core.instrument.MeterRegistry;
import io.waveflow.contracts.celery.CeleryCodec;
import io.waveflow.contracts.command.GenerateHash;
import io.waveflow.contracts.inbound.InboundEvent;
import io.waveflow.contracts.json.Codecs;
import io.waveflow.contracts.topic.Topics;
import io.waveflow.infra.EmbeddedKafka;
import io.waveflow.infra.EmbeddedSqs;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import tools.jackson.databind.json.JsonMapper;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The bridge while Kafka or SQS is away, on servers of its own (stopping the shared ones would
 * break the other test classes): webhooks get 503 with Retry-After instead of a false 2xx (also
 * under a steady stream of webhooks while the broker stops and comes back: every 2xx has its
 * event on the topic), and a command waits, retried, until SQS takes it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        BridgeHttp.SECRETS_PROPERTY,
        "waveflow.bridge.publish-timeout=2s",
        "waveflow.bridge.retry-after=7s",
        "waveflow.bridge.sqs-retry-max=1s"})
@DirtiesContext
class OutageIT {

    private static final String QUEUE = "waveflow-audio-process-queue";
    private static final OutageServers SERVERS = OutageServers.start(QUEUE);
    private static final EmbeddedKafka KAFKA = SERVERS.kafka();
    private static final EmbeddedSqs SQS = SERVERS.sqs();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int SENDERS = 4;

    @LocalServerPort
    int port;

    @Autowired
    SqsAsyncClient sqs;

    @Autowired
    MeterRegistry meters;

    @DynamicPropertySource
    static void ownServers(DynamicPropertyRegistry registry) {
        SERVERS.register(registry);
    }

    @Test
    void shouldAnswer503WithRetryAfterWhileKafkaIsDownAndStoreTheRetriedWebhookOnceItIsBack() {
        String stemId = "stem-" + UUID.randomUUID();
        String body = """
                {"userId":"u1","trackId":"t1","stemId":"%s","filepath":"f","original_filename":"o"}
                """.formatted(stemId);
        BridgeHttp http = new BridgeHttp(port);

        KAFKA.stop();
        HttpResponse<String> unavailable;
        try {
            unavailable = http.postJson("/upload-complete", body);
        } finally {
            KAFKA.restart();
        }

        assertThat(unavailable.statusCode()).isEqualTo(503);
        assertThat(unavailable.headers().firstValue("Retry-After")).hasValue("7");
        assertThat(unavailable.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(JSON.readTree(unavailable.body()).get("status").asInt()).isEqualTo(503);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> http.postJson("/upload-complete", body).statusCode() == 200);
        try (TopicReader<InboundEvent> inbound = new TopicReader<>(KAFKA.bootstrapServers(), Topics.INBOUND)) {
            assertThat(inbound.awaitRecords(stemId, 1)).isNotEmpty();
        }
    }

    @Test
    void shouldNeverAnswer2xxWithoutItsEventOnTheTopicWhenTheBrokerStopsMidRun() throws Exception {
        BridgeHttp http = new BridgeHttp(port);
        Queue<Sent> answers = new ConcurrentLinkedQueue<>();
        AtomicBoolean sending = new AtomicBoolean(true);
        ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
        for (int i = 0; i < SENDERS; i++) {
            senders.submit(() -> {
                while (sending.get()) {
                    answers.add(Sent.upload(http));
                }
            });
        }
        long stopped;
        long restarting;
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> count(answers, 200, 0, Long.MAX_VALUE) >= 20);
            KAFKA.stop();
            stopped = System.nanoTime();
            await().atMost(Duration.ofSeconds(60)).until(() -> count(answers, 503, stopped, Long.MAX_VALUE) >= 6);
            restarting = System.nanoTime();
            KAFKA.restart();
            long restarted = System.nanoTime();
            await().atMost(Duration.ofSeconds(60)).until(() -> count(answers, 200, restarted, Long.MAX_VALUE) >= 20);
        } finally {
            sending.set(false);
            senders.shutdown();
            assertThat(senders.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
            KAFKA.restart();
        }

        List<Sent> all = List.copyOf(answers);
        assertThat(all).extracting(Sent::status).containsOnly(200, 503);
        assertThat(all).filteredOn(sent -> sent.started() > stopped && sent.ended() < restarting)
                .as("requests sent and answered while the broker was down").isNotEmpty()
                .allSatisfy(sent -> assertThat(sent.status()).isEqualTo(503));
        List<Sent> accepted = all.stream().filter(sent -> sent.status() == 200).toList();
        try (TopicReader<InboundEvent> inbound = new TopicReader<>(KAFKA.bootstrapServers(), Topics.INBOUND)) {
            for (Sent sent : accepted) {
                assertThat(inbound.awaitRecords(sent.stemId(), 1)).as("the event of a 2xx answer")
                        .extracting(record -> record.value().id()).contains(sent.eventId());
            }
        }
        System.out.printf("OutageIT: %d answers, %d accepted, %d refused with 503%n", all.size(), accepted.size(),
                all.size() - accepted.size());
    }

    private static long count(Queue<Sent> answers, int status, long startedAfter, long endedBefore) {
        return answers.stream().filter(sent -> sent.status() == status && sent.started() > startedAfter
                && sent.ended() < endedBefore).count();
    }

    /** One webhook and its answer, with when it was sent and answered (System.nanoTime). */
    private record Sent(String stemId, long started, long ended, int status, String eventId) {

        static Sent upload(BridgeHttp http) {
            String stemId = "outage-" + UUID.randomUUID();
            long started = System.nanoTime();
            HttpResponse<String> response = http.postJson("/upload-complete", """
                    {"userId":"u1","trackId":"t1","stemId":"%s","filepath":"f","original_filename":"o"}
                    """.formatted(stemId));
            long ended = System.nanoTime();
            String eventId = response.statusCode() == 200 ? JSON.readTree(response.body()).get("eventId").asString()
                    : null;
            return new Sent(stemId, started, ended, response.statusCode(), eventId);
        }
    }

    @Test
    void shouldKeepRetryingACommandWhileSqsIsDownAndDeliverItOnceSqsIsBack() {
        String stemId = "stem-" + UUID.randomUUID();
        GenerateHash command = new GenerateHash("hash-" + stemId + "-1", Instant.now(), stemId, 1, "u1", "t1",
                "f", "2026-11-26T01:00:00.000Z", "o");
        double failedBefore = count("waveflow.bridge.sqs.failed");

        SQS.stop();
        try {
            produce(stemId, Codecs.COMMANDS.encode(command));
            await().atMost(Duration.ofSeconds(30)).until(() -> count("waveflow.bridge.sqs.failed") > failedBefore);
        } finally {
            SQS.restart();
        }

        assertThat(new QueueReader(sqs, SQS.queueUrl(QUEUE)).awaitMessages(stemId, 1)).singleElement()
                .satisfies(message -> assertThat(CeleryCodec.decode(message.body()).task().id())
                        .isEqualTo("hash-" + stemId + "-1"));
        assertThat(count("waveflow.bridge.sqs.retried")).isPositive();
        assertThat(count("waveflow.bridge.sqs.deadlettered")).isZero();
    }

    private double count(String counter) {
        return meters.get(counter).counters().stream().mapToDouble(c -> c.count()).sum();
    }

    private static void produce(String key, byte[] value) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(Topics.COMMANDS.name(), key, value)).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not produce a command", e);
        }
    }

    /** Stops this class's servers after the bridge's listeners and producers stopped (lowest phase stops last). */
    @TestConfiguration
    static class StopServersLast {

        @Bean
        SmartLifecycle outageServers() {
            return SERVERS.stopLast();
        }
    }
}
