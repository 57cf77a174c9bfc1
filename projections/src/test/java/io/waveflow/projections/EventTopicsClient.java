package io.waveflow.projections;

import io.waveflow.contracts.deadletter.DeadLetter;
import io.waveflow.contracts.deadletter.DeadLetters;
import io.waveflow.contracts.inbound.InboundEvent;
import io.waveflow.contracts.json.Codecs;
import io.waveflow.contracts.topic.TopicSpecs;
import io.waveflow.contracts.topic.Topics;
import io.waveflow.contracts.workflow.WorkflowEvent;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * Plays the bridge and the workflow topology in ITs: writes inbound records (idempotent producer,
 * like the bridge) and workflow records in transactions (like the exactly-once topology, so the
 * workflow topic carries commit markers between records), and reads back the dead-letter topic.
 */
public final class EventTopicsClient implements AutoCloseable {

    private static final int STORIES_PER_TRANSACTION = 50;

    private final String bootstrapServers;
    private final KafkaProducer<String, byte[]> inbound;
    private final KafkaProducer<String, byte[]> workflow;
    private final KafkaConsumer<String, DeadLetter> deadLetterConsumer;
    private final List<DeadLetter> deadLetters = new ArrayList<>();

    public EventTopicsClient(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
        createTopics(bootstrapServers);
        inbound = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 5), new StringSerializer(), new ByteArraySerializer());
        workflow = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "projections-test-workflow-" + UUID.randomUUID(),
                ProducerConfig.LINGER_MS_CONFIG, 5), new StringSerializer(), new ByteArraySerializer());
        workflow.initTransactions();
        deadLetterConsumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers),
                new StringDeserializer(), DeadLetters.serde().deserializer());
    }

    /** Creates the Waveflow topics (4 partitions) unless they exist; what the service does at start. */
    public static void createTopics(String bootstrapServers) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            admin.createTopics(TopicSpecs.newTopics(TopicRecords.PARTITIONS, (short) 1)).values().values()
                    .forEach(creation -> {
                        try {
                            creation.get();
                        } catch (ExecutionException e) {
                            if (!(e.getCause() instanceof TopicExistsException)) {
                                throw new IllegalStateException("cannot create the Waveflow topics", e.getCause());
                            }
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            throw new IllegalStateException(e);
                        }
                    });
        }
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** Each story's inbound events, then its workflow events in a transaction with other stories'. */
    public void send(List<StemStory> stories) {
        for (int from = 0; from < stories.size(); from += STORIES_PER_TRANSACTION) {
            List<StemStory> chunk = stories.subList(from, Math.min(stories.size(), from + STORIES_PER_TRANSACTION));
            List<Future<?>> sends = new ArrayList<>();
            chunk.forEach(story -> story.inbound().forEach(event -> sends.add(inbound.send(inboundRecord(event)))));
            awaitAll(sends);
            sendWorkflow(chunk.stream().flatMap(story -> story.workflow().stream()).toList());
        }
    }

    public void sendInbound(List<? extends InboundEvent> events) {
        awaitAll(events.stream().<Future<?>>map(event -> inbound.send(inboundRecord(event))).toList());
    }

    public void sendWorkflow(List<? extends WorkflowEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        workflow.beginTransaction();
        events.forEach(event -> workflow.send(new ProducerRecord<>(Topics.WORKFLOW.name(), event.stemId(),
                Codecs.WORKFLOW.encode(event))));
        workflow.commitTransaction();
    }

    public void sendRaw(String topic, String key, byte[] value) {
        awaitAll(List.of(inbound.send(new ProducerRecord<>(topic, key, value))));
    }

    /** Every dead letter written so far; call repeatedly inside an await. */
    public List<DeadLetter> deadLetters() {
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

    private static ProducerRecord<String, byte[]> inboundRecord(InboundEvent event) {
        return new ProducerRecord<>(Topics.INBOUND.name(), event.stemId(), Codecs.INBOUND.encode(event));
    }

    private static void awaitAll(List<Future<?>> sends) {
        for (Future<?> send : sends) {
            try {
                send.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("broker refused a record", e.getCause());
            }
        }
    }

    @Override
    public void close() {
        inbound.close();
        workflow.close();
        deadLetterConsumer.close();
    }
}
