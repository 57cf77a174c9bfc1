package io.waveflow.projections.consumer;

import io.waveflow.contracts.TraceHeaders;
import io.waveflow.contracts.deadletter.DeadLetter;
import io.waveflow.contracts.deadletter.DeadLetters;
import io.waveflow.contracts.topic.TopicSpecs;
import io.waveflow.contracts.topic.Topics;
import io.waveflow.infra.SharedInfra;
import io.waveflow.projections.store.ConsumedRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Dead letters on the shared in-JVM broker keep the trace of the record they park: the letter of
 * a record that carried a {@code traceparent} carries it (no tracer records spans here, as in a
 * service without an exporter); one of a record without a trace carries none.
 */
class DeadLetterPublisherIT {

    private static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    @Test
    void shouldCopyTheFailedRecordsTraceparentOntoItsDeadLetter() throws Exception {
        // given
        String bootstrap = SharedInfra.get().kafka().bootstrapServers();
        createTopics(bootstrap);
        String run = UUID.randomUUID().toString();
        DefaultKafkaProducerFactory<String, DeadLetter> factory = new DefaultKafkaProducerFactory<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap), new StringSerializer(),
                DeadLetters.serde().serializer());
        DeadLetterPublisher publisher = new DeadLetterPublisher(new KafkaTemplate<>(factory), Duration.ofSeconds(30));

        // when
        try {
            publisher.publishUnreadable(List.of(
                    ConsumedRecord.unreadable(letter("traced-" + run, 1), TRACEPARENT),
                    ConsumedRecord.unreadable(letter("untraced-" + run, 2), null)));
        } finally {
            factory.destroy();
        }

        // then
        Map<String, ConsumerRecord<String, byte[]>> parked = readDeadLetters(bootstrap, run);
        assertThat(TraceHeaders.get(parked.get("traced-" + run).headers(), TraceHeaders.TRACEPARENT))
                .isEqualTo(TRACEPARENT);
        assertThat(parked.get("untraced-" + run).headers().lastHeader(TraceHeaders.TRACEPARENT)).isNull();
    }

    private static DeadLetter letter(String stemId, long offset) {
        return DeadLetters.of(Topics.WORKFLOW.name(), 0, offset, stemId.getBytes(StandardCharsets.UTF_8),
                "not an event".getBytes(StandardCharsets.UTF_8), "unreadable", BatchDecoder.FAILED_IN,
                Instant.parse("2026-01-01T00:00:00Z"));
    }

    private static Map<String, ConsumerRecord<String, byte[]>> readDeadLetters(String bootstrap, String run) {
        Map<String, ConsumerRecord<String, byte[]>> parked = new HashMap<>();
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "dead-letter-publisher-it-" + run,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.DEAD_LETTER.name()));
            await("both dead letters").atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(500)).forEach(record -> {
                    if (record.key() != null && record.key().endsWith(run)) {
                        parked.put(record.key(), record);
                    }
                });
                return parked.size() == 2;
            });
        }
        return parked;
    }

    private static void createTopics(String bootstrap) throws InterruptedException {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(TopicSpecs.newTopics(1, (short) 1)).values().values().forEach(created -> {
                try {
                    created.get();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException(e.getCause());
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            });
        }
    }
}
