package io.waveflow.bridge.celery;

import io.waveflow.contracts.Sha256;
import io.waveflow.contracts.celery.CeleryCodec;
import io.waveflow.contracts.celery.CeleryTask;
import io.waveflow.contracts.celery.CeleryTasks;
import io.waveflow.contracts.celery.CeleryWireException;
import io.waveflow.contracts.command.StageCommand;
import io.waveflow.contracts.topic.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Deserializer;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Plans how a batch of command records reaches SQS, without sending anything: each record is
 * decoded to its stage command, made the Celery task it names, routed to its queue and encoded;
 * the messages are grouped per queue, in record order, into SendMessageBatch calls of at most
 * {@value #MAX_BATCH_ENTRIES} entries and 256 KiB of bodies. A record that can never become a
 * message is planned for the dead-letter topic instead. Pure: the same records give the same plan.
 */
public final class CommandPlanner {

    static final int MAX_BATCH_ENTRIES = 10;
    static final int MAX_BATCH_BYTES = CeleryCodec.SQS_MAX_BODY_BYTES;

    /** SQS group and deduplication ids: at most 128 characters of printable ASCII without space. */
    private static final Pattern SQS_ID = Pattern.compile("[\\x21-\\x7E]{1,128}");

    private final QueueRouting routing;
    private final Deserializer<StageCommand> commands = Topics.COMMANDS.valueSerde().deserializer();

    public CommandPlanner(QueueRouting routing) {
        this.routing = routing;
    }

    public Plan plan(List<ConsumerRecord<String, byte[]>> records) {
        return plan(records, record -> null);
    }

    /**
     * The same, each message carrying {@code traceparents.apply(record)} in its Celery headers
     * (none where that is null).
     */
    public Plan plan(List<ConsumerRecord<String, byte[]>> records,
                     Function<ConsumerRecord<String, byte[]>, String> traceparents) {
        Map<QueueRouting.Queue, List<List<Message>>> byQueue = new LinkedHashMap<>();
        List<Undeliverable> undeliverable = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            StageCommand command;
            try {
                command = commands.deserialize(record.topic(), record.value());
            } catch (RuntimeException e) {
                undeliverable.add(new Undeliverable(record, null, ForwardingMetrics.UNDECODABLE, reason(e)));
                continue;
            }
            Message message;
            try {
                CeleryTask task = CeleryTasks.of(command);
                QueueRouting.Queue queue = routing.queueFor(task.name());
                message = new Message(record, command, task, queue, CeleryCodec.encode(task, queue.name(),
                        traceparents.apply(record)));
            } catch (CeleryWireException e) {
                undeliverable.add(new Undeliverable(record, command.stemId(), ForwardingMetrics.REFUSED, reason(e)));
                continue;
            }
            add(byQueue.computeIfAbsent(message.queue(), queue -> new ArrayList<>()), message);
        }
        List<Batch> batches = byQueue.entrySet().stream()
                .flatMap(queue -> queue.getValue().stream().map(messages -> new Batch(queue.getKey(), messages)))
                .toList();
        return new Plan(batches, undeliverable);
    }

    private static void add(List<List<Message>> queueBatches, Message message) {
        List<Message> current = queueBatches.isEmpty() ? null : queueBatches.get(queueBatches.size() - 1);
        if (current == null || current.size() == MAX_BATCH_ENTRIES
                || bytes(current) + message.body().length() > MAX_BATCH_BYTES) {
            current = new ArrayList<>();
            queueBatches.add(current);
        }
        current.add(message);
    }

    private static int bytes(List<Message> messages) {
        return messages.stream().mapToInt(message -> message.body().length()).sum();
    }

    static String reason(Throwable e) {
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }

    /** An id SQS takes as group or deduplication id: the value itself, or its SHA-256 when SQS would refuse it. */
    static String sqsId(String value) {
        return SQS_ID.matcher(value).matches() ? value : Sha256.hex(value);
    }

    /** The SendMessageBatch calls to make, and the records that go to the dead-letter topic instead. */
    public record Plan(List<Batch> batches, List<Undeliverable> undeliverable) {

        public Plan {
            batches = List.copyOf(batches);
            undeliverable = List.copyOf(undeliverable);
        }
    }

    /** One SendMessageBatch call: messages for one queue; entry {@code i} of the request is message {@code i}. */
    public record Batch(QueueRouting.Queue queue, List<Message> messages) {

        public Batch {
            messages = List.copyOf(messages);
        }

        /**
         * On a FIFO queue the stem is the group (one stem's tasks stay in order) and the task id
         * the deduplication id, so a batch sent again is taken once.
         */
        public SendMessageBatchRequest request() {
            List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
            for (int index = 0; index < messages.size(); index++) {
                Message message = messages.get(index);
                SendMessageBatchRequestEntry.Builder entry = SendMessageBatchRequestEntry.builder()
                        .id(Integer.toString(index))
                        .messageBody(message.body());
                if (queue.fifo()) {
                    entry.messageGroupId(sqsId(message.command().stemId()))
                            .messageDeduplicationId(sqsId(message.task().id()));
                }
                entries.add(entry.build());
            }
            return SendMessageBatchRequest.builder().queueUrl(queue.url()).entries(entries).build();
        }
    }

    /** A command as the Celery message its queue gets. */
    public record Message(ConsumerRecord<String, byte[]> record, StageCommand command, CeleryTask task,
                          QueueRouting.Queue queue, String body) {
    }

    /**
     * A record that can never become a Celery message: it does not decode, or the codec refuses
     * its command ({@code stemId} is then known).
     */
    public record Undeliverable(ConsumerRecord<String, byte[]> record, String stemId, String cause, String reason) {
    }
}
