package io.waveflow.bridge;

import io.waveflow.contracts.celery.CeleryCodec;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageRequest;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageRequest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.awaitility.Awaitility.await;

/** Receives from an SQS queue as a worker would (receive, then delete) and keeps what concerns one stem. */
final class QueueReader {

    private final SqsAsyncClient sqs;
    private final String queueUrl;

    QueueReader(SqsAsyncClient sqs, String queueUrl) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
    }

    /** Waits until {@code count} Celery messages for the stem arrived; other messages are consumed and dropped. */
    List<Message> awaitMessages(String stemId, int count) {
        List<Message> received = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
            for (Message message : receive()) {
                sqs.deleteMessage(DeleteMessageRequest.builder().queueUrl(queueUrl)
                        .receiptHandle(message.receiptHandle()).build()).join();
                if (stemId.equals(CeleryCodec.decode(message.body()).task().kwargs().get("stemId"))) {
                    received.add(message);
                }
            }
            return received.size() >= count;
        });
        return received;
    }

    private List<Message> receive() {
        return sqs.receiveMessage(ReceiveMessageRequest.builder().queueUrl(queueUrl)
                .maxNumberOfMessages(10).waitTimeSeconds(1)
                .messageSystemAttributeNames(MessageSystemAttributeName.ALL).build()).join().messages();
    }
}
