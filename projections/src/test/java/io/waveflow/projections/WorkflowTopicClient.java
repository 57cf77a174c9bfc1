package io.waveflow.projections;

import io.waveflow.contracts.deadletter.DeadLetter;
import io.waveflow.contracts.deadletter.DeadLetters;
import io.waveflow.contracts.json.Codecs;
import io.waveflow.contracts.topic.Topics;
import io.waveflow.contracts.workflow.WorkflowEvent;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

/**
 * Plays the workflow topology in ITs: writes workflow records (well-formed or not) keyed by stem
 * id, and reads back what landed on the dead-letter topic.
 */
final class WorkflowTopicClient implements AutoCloseable {

    private final KafkaProducer<String, byte[]> producer;
    private final KafkaConsumer<String, DeadLetter> deadLetterConsumer;
    private final List<DeadLetter> deadLetters = new ArrayList<>();

    WorkflowTopicClient(String bootstrapServers) {
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer());
        deadLetterConsumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers),
                new StringDeserializer(), DeadLetters.serde().deserializer());
    }

    void send(List<WorkflowEvent> events) {
        events.forEach(event -> sendRaw(event.stemId(), Codecs.WORKFLOW.encode(event)));
    }

    void sendRaw(String key, byte[] value) {
        try {
            producer.send(new ProducerRecord<>(Topics.WORKFLOW.name(), key, value)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("broker refused a workflow record", e.getCause());
        }
    }

    /** Every dead letter written so far; call repeatedly inside an await. */
    List<DeadLetter> deadLetters() {
        if (deadLetterConsumer.assignment().isEmpty()) {
            List<TopicPartition> partitions = deadLetterConsumer.partitionsFor(Topics.DEAD_LETTER.name()).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition()))
                    .toList();
            deadLetterConsumer.assign(partitions);
            deadLetterConsumer.seekToBeginning(partitions);
        }
        deadLetterConsumer.poll(Duration.ofMillis(200)).forEach(record -> deadLetters.add(record.value()));
        return List.copyOf(deadLetters);
    }

    @Override
    public void close() {
        producer.close();
        deadLetterConsumer.close();
    }
}
