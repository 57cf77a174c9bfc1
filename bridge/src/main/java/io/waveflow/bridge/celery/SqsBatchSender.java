package io.waveflow.bridge.celery;

import io.waveflow.bridge.celery.CommandPlanner.Batch;
import io.waveflow.bridge.celery.CommandPlanner.Message;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResultEntry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Makes the planned SendMessageBatch calls, all at once, and reports what became of each message:
 * accepted, refused as the sender's fault (it never will be accepted), or not accepted this time
 * (SQS away, slow, or failing on its side). Keeps nothing between calls.
 */
public class SqsBatchSender {

    private final SqsAsyncClient sqs;
    private final Duration sendTimeout;

    /** @param sendTimeout how long one SendMessageBatch call may take before its messages count as not accepted */
    public SqsBatchSender(SqsAsyncClient sqs, Duration sendTimeout) {
        this.sqs = sqs;
        this.sendTimeout = sendTimeout;
    }

    /** One outcome per message of every batch, batch by batch in plan order. */
    public List<Outcome> send(List<Batch> batches) {
        List<CompletableFuture<SendMessageBatchResponse>> responses = batches.stream().map(this::call).toList();
        List<Outcome> outcomes = new ArrayList<>();
        for (int i = 0; i < batches.size(); i++) {
            outcomes.addAll(settle(batches.get(i), responses.get(i)));
        }
        return outcomes;
    }

    private CompletableFuture<SendMessageBatchResponse> call(Batch batch) {
        try {
            return sqs.sendMessageBatch(batch.request());
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private List<Outcome> settle(Batch batch, CompletableFuture<SendMessageBatchResponse> pending) {
        SendMessageBatchResponse response;
        try {
            response = pending.get(sendTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return notAccepted(batch, "interrupted while waiting for SQS");
        } catch (ExecutionException e) {
            return notAccepted(batch, CommandPlanner.reason(e.getCause()));
        } catch (TimeoutException e) {
            pending.cancel(true);
            return notAccepted(batch, "SQS did not answer within " + sendTimeout);
        }
        Outcome[] outcomes = new Outcome[batch.messages().size()];
        for (SendMessageBatchResultEntry accepted : response.successful()) {
            int index = Integer.parseInt(accepted.id());
            outcomes[index] = new Outcome(batch.messages().get(index), Status.ACCEPTED, accepted.messageId());
        }
        for (BatchResultErrorEntry failed : response.failed()) {
            int index = Integer.parseInt(failed.id());
            String reason = failed.code() + ": " + failed.message();
            outcomes[index] = Boolean.TRUE.equals(failed.senderFault())
                    ? new Outcome(batch.messages().get(index), Status.REFUSED, "SQS refused the message: " + reason)
                    : new Outcome(batch.messages().get(index), Status.NOT_ACCEPTED, reason);
        }
        List<Outcome> result = new ArrayList<>();
        for (int index = 0; index < outcomes.length; index++) {
            result.add(outcomes[index] != null ? outcomes[index]
                    : new Outcome(batch.messages().get(index), Status.NOT_ACCEPTED, "SQS did not answer for this entry"));
        }
        return result;
    }

    private static List<Outcome> notAccepted(Batch batch, String reason) {
        return batch.messages().stream().map(message -> new Outcome(message, Status.NOT_ACCEPTED, reason)).toList();
    }

    public enum Status { ACCEPTED, REFUSED, NOT_ACCEPTED }

    /**
     * What SQS made of one message; {@code detail} is the SQS message id when accepted, else the reason.
     */
    public record Outcome(Message message, Status status, String detail) {
    }
}
