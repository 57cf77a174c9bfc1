package io.waveflow.bridge;

import io.waveflow.contracts.celery.CeleryCodec;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageRequest;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

/**
 * A worker stand-in on its own thread: long-polls the queue, decodes each message with the Celery
 * codec, records its task id and deletes it, without pause, for as long as it runs. Failed calls
 * (SQS away) are counted and tried again after a short back-off, so it drains straight through an
 * outage and picks up again when SQS returns.
 */
final class QueueDrain implements AutoCloseable {

    private static final long ERROR_BACKOFF_MILLIS = 200;

    private final SqsAsyncClient sqs;
    private final String queueUrl;
    private final Map<String, Integer> timesSeen = new ConcurrentHashMap<>();
    private final AtomicLong errors = new AtomicLong();
    private final CountDownLatch closed = new CountDownLatch(1);
    private final Thread thread;

    QueueDrain(SqsAsyncClient sqs, String queueUrl) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.thread = new Thread(this::drain, "queue-drain");
        thread.setDaemon(true);
        thread.start();
    }

    /** Task id to the number of times a message with it was received. */
    Map<String, Integer> timesSeen() {
        return Map.copyOf(timesSeen);
    }

    int distinctTaskIds() {
        return timesSeen.size();
    }

    /** Receive or delete calls that failed, e.g. because SQS was unreachable. */
    long errors() {
        return errors.get();
    }

    private void drain() {
        while (closed.getCount() > 0) {
            try {
                List<Message> messages = sqs.receiveMessage(ReceiveMessageRequest.builder().queueUrl(queueUrl)
                        .maxNumberOfMessages(10).waitTimeSeconds(1).build()).get(10, TimeUnit.SECONDS).messages();
                // Recorded before the delete, as a worker runs the task before it acknowledges.
                messages.forEach(message -> timesSeen.merge(CeleryCodec.decode(message.body()).task().id(), 1,
                        Integer::sum));
                if (!messages.isEmpty()) {
                    delete(messages);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                errors.incrementAndGet();
                try {
                    // A back-off that ends at once when the drain is closed; refused connections fail fast.
                    closed.await(ERROR_BACKOFF_MILLIS, TimeUnit.MILLISECONDS);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void delete(List<Message> messages) throws Exception {
        List<DeleteMessageBatchRequestEntry> entries = IntStream.range(0, messages.size())
                .mapToObj(i -> DeleteMessageBatchRequestEntry.builder().id(Integer.toString(i))
                        .receiptHandle(messages.get(i).receiptHandle()).build())
                .toList();
        sqs.deleteMessageBatch(DeleteMessageBatchRequest.builder().queueUrl(queueUrl).entries(entries).build())
                .get(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        closed.countDown();
        thread.join(TimeUnit.SECONDS.toMillis(15));
    }
}
