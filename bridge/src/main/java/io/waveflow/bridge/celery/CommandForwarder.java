package io.waveflow.bridge.celery;

import io.micrometer.core.instrument.MeterRegistry;
import io.waveflow.contracts.celery.CeleryCodec;
import io.waveflow.contracts.celery.CeleryTask;
import io.waveflow.contracts.celery.CeleryTasks;
import io.waveflow.contracts.celery.CeleryWireException;
import io.waveflow.contracts.command.StageCommand;
import io.waveflow.contracts.deadletter.DeadLetters;
import io.waveflow.contracts.topic.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResultEntry;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * Forwards a batch of stage commands to SQS as Celery messages. Each record ends either accepted
 * by SQS or parked on the dead-letter topic (it does not decode, the Celery codec refuses it, or
 * SQS calls it the sender's fault); nothing is skipped. What SQS has not accepted yet makes
 * {@link #forward} throw, and when the same batch comes back only those entries are sent again.
 */
public class CommandForwarder {

    static final int MAX_BATCH_ENTRIES = 10;
    static final int MAX_BATCH_BYTES = CeleryCodec.SQS_MAX_BODY_BYTES;
    static final String FAILED_IN = "bridge";
    static final String STEM_ID = "stemId";

    private static final Logger log = LoggerFactory.getLogger(CommandForwarder.class);
    /** SQS group and deduplication ids: at most 128 characters of printable ASCII without space. */
    private static final Pattern SQS_ID = Pattern.compile("[\\x21-\\x7E]{1,128}");

    private final SqsAsyncClient sqs;
    private final QueueRouting routing;
    private final DeadLetterSink deadLetters;
    private final ForwardingMetrics metrics;
    private final Duration sendTimeout;
    private final Clock clock;
    private final Deserializer<StageCommand> commands = Topics.COMMANDS.valueSerde().deserializer();
    /** Records of the batch in flight that are settled or failed, so a redelivered batch resends only the rest. */
    private final Map<RecordId, Progress> progress = new ConcurrentHashMap<>();

    public CommandForwarder(SqsAsyncClient sqs, QueueRouting routing, DeadLetterSink deadLetters,
                            MeterRegistry registry, Duration sendTimeout, Clock clock) {
        this.sqs = sqs;
        this.routing = routing;
        this.deadLetters = deadLetters;
        this.metrics = new ForwardingMetrics(registry, routing.queues());
        this.sendTimeout = sendTimeout;
        this.clock = clock;
    }

    /**
     * Returns once every record is on SQS or on the dead-letter topic.
     *
     * @throws SqsNotAcceptedException when some commands are not on SQS yet; retry with the same records
     */
    public void forward(List<ConsumerRecord<String, byte[]>> records) {
        List<Outbound> outbound = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            if (progress.get(RecordId.of(record)) != Progress.SETTLED) {
                prepare(record).ifPresent(outbound::add);
            }
        }
        send(outbound);
        long unsettled = outbound.stream().filter(message -> progress.get(message.id()) != Progress.SETTLED).count();
        if (unsettled > 0) {
            throw new SqsNotAcceptedException(unsettled + " of " + records.size()
                    + " commands are not on SQS yet; the batch will be retried");
        }
        records.forEach(record -> progress.remove(RecordId.of(record)));
    }

    private Optional<Outbound> prepare(ConsumerRecord<String, byte[]> record) {
        StageCommand command;
        try {
            command = commands.deserialize(record.topic(), record.value());
        } catch (RuntimeException e) {
            park(record, ForwardingMetrics.UNDECODABLE, reason(e));
            return Optional.empty();
        }
        try (MDC.MDCCloseable ignored = MDC.putCloseable(STEM_ID, command.stemId())) {
            return encode(record, command);
        }
    }

    private Optional<Outbound> encode(ConsumerRecord<String, byte[]> record, StageCommand command) {
        try {
            CeleryTask task = CeleryTasks.of(command);
            QueueRouting.Queue queue = routing.queueFor(task.name());
            return Optional.of(new Outbound(RecordId.of(record), record, command, task, queue,
                    CeleryCodec.encode(task, queue.name())));
        } catch (CeleryWireException e) {
            park(record, ForwardingMetrics.REFUSED, reason(e));
            return Optional.empty();
        }
    }

    private void send(List<Outbound> outbound) {
        List<List<Outbound>> batches = batches(outbound);
        List<CompletableFuture<SendMessageBatchResponse>> responses = batches.stream().map(this::sendBatch).toList();
        List<Rejected> rejected = new ArrayList<>();
        for (int i = 0; i < batches.size(); i++) {
            rejected.addAll(settle(batches.get(i), responses.get(i)));
        }
        // Parked last: a dead-letter failure must not hide entries that SQS already accepted.
        for (Rejected entry : rejected) {
            try (MDC.MDCCloseable ignored = MDC.putCloseable(STEM_ID, entry.message().command().stemId())) {
                park(entry.message().record(), ForwardingMetrics.SENDER_FAULT, entry.reason());
            }
        }
    }

    /** Per queue, in record order, at most 10 entries and 256 KiB of bodies per SendMessageBatch call. */
    private static List<List<Outbound>> batches(List<Outbound> outbound) {
        Map<QueueRouting.Queue, List<List<Outbound>>> byQueue = new LinkedHashMap<>();
        for (Outbound message : outbound) {
            List<List<Outbound>> queueBatches = byQueue.computeIfAbsent(message.queue(), queue -> new ArrayList<>());
            List<Outbound> current = queueBatches.isEmpty() ? null : queueBatches.get(queueBatches.size() - 1);
            if (current == null || current.size() == MAX_BATCH_ENTRIES
                    || bytes(current) + message.body().length() > MAX_BATCH_BYTES) {
                current = new ArrayList<>();
                queueBatches.add(current);
            }
            current.add(message);
        }
        return byQueue.values().stream().flatMap(List::stream).toList();
    }

    private CompletableFuture<SendMessageBatchResponse> sendBatch(List<Outbound> batch) {
        QueueRouting.Queue queue = batch.get(0).queue();
        List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
        for (int index = 0; index < batch.size(); index++) {
            Outbound message = batch.get(index);
            if (progress.get(message.id()) == Progress.FAILED) {
                metrics.retried(queue);
            }
            SendMessageBatchRequestEntry.Builder entry = SendMessageBatchRequestEntry.builder()
                    .id(Integer.toString(index))
                    .messageBody(message.body());
            if (queue.fifo()) {
                entry.messageGroupId(sqsId(message.command().stemId()))
                        .messageDeduplicationId(sqsId(message.task().id()));
            }
            entries.add(entry.build());
        }
        metrics.batch(entries.size());
        try {
            return sqs.sendMessageBatch(SendMessageBatchRequest.builder().queueUrl(queue.url()).entries(entries).build());
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Records what SQS answered for each entry; returns the entries it refused as the sender's fault. */
    private List<Rejected> settle(List<Outbound> batch, CompletableFuture<SendMessageBatchResponse> pending) {
        SendMessageBatchResponse response;
        try {
            response = pending.get(sendTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            batch.forEach(message -> fail(message, "interrupted while waiting for SQS"));
            return List.of();
        } catch (ExecutionException e) {
            batch.forEach(message -> fail(message, reason(e.getCause())));
            return List.of();
        } catch (TimeoutException e) {
            pending.cancel(true);
            batch.forEach(message -> fail(message, "SQS did not answer within " + sendTimeout));
            return List.of();
        }
        for (SendMessageBatchResultEntry accepted : response.successful()) {
            accept(batch.get(Integer.parseInt(accepted.id())), accepted.messageId());
        }
        List<Rejected> rejected = new ArrayList<>();
        for (BatchResultErrorEntry failed : response.failed()) {
            Outbound message = batch.get(Integer.parseInt(failed.id()));
            String reason = failed.code() + ": " + failed.message();
            if (Boolean.TRUE.equals(failed.senderFault())) {
                rejected.add(new Rejected(message, "SQS refused the message: " + reason));
            } else {
                fail(message, reason);
            }
        }
        return rejected;
    }

    private void accept(Outbound message, String sqsMessageId) {
        progress.put(message.id(), Progress.SETTLED);
        metrics.sent(message.queue());
        try (MDC.MDCCloseable ignored = MDC.putCloseable(STEM_ID, message.command().stemId())) {
            log.info("Sent {} {} to queue {} as SQS message {}", message.task().name(), message.task().id(),
                    message.queue().name(), sqsMessageId);
        }
    }

    private void fail(Outbound message, String reason) {
        progress.put(message.id(), Progress.FAILED);
        metrics.failed(message.queue());
        try (MDC.MDCCloseable ignored = MDC.putCloseable(STEM_ID, message.command().stemId())) {
            log.warn("SQS did not accept {} {} for queue {}, will retry: {}", message.task().name(),
                    message.task().id(), message.queue().name(), reason);
        }
    }

    private void park(ConsumerRecord<String, byte[]> record, String cause, String reason) {
        byte[] key = record.key() == null ? null : record.key().getBytes(StandardCharsets.UTF_8);
        deadLetters.park(record.key(), DeadLetters.of(record.topic(), record.partition(), record.offset(), key,
                record.value(), reason, FAILED_IN, clock.instant()));
        progress.put(RecordId.of(record), Progress.SETTLED);
        metrics.deadLettered(cause);
        log.warn("Dead-lettered {}-{}@{} ({}): {}", record.topic(), record.partition(), record.offset(), cause, reason);
    }

    private static int bytes(List<Outbound> batch) {
        return batch.stream().mapToInt(message -> message.body().length()).sum();
    }

    private static String reason(Throwable e) {
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }

    /** An id SQS takes as group or deduplication id: the value itself, or its SHA-256 when SQS would refuse it. */
    static String sqsId(String value) {
        if (SQS_ID.matcher(value).matches()) {
            return value;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private enum Progress { FAILED, SETTLED }

    private record RecordId(String topic, int partition, long offset) {

        static RecordId of(ConsumerRecord<?, ?> record) {
            return new RecordId(record.topic(), record.partition(), record.offset());
        }
    }

    private record Outbound(RecordId id, ConsumerRecord<String, byte[]> record, StageCommand command,
                            CeleryTask task, QueueRouting.Queue queue, String body) {
    }

    private record Rejected(Outbound message, String reason) {
    }
}
