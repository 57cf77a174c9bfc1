package io.waveflow.local;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import io.waveflow.contracts.celery.CeleryCodec;
import io.waveflow.contracts.celery.CeleryMessage;
import io.waveflow.contracts.celery.CeleryTask;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The test's Celery worker: reads the real queue the bridge writes to, decodes every message
 * exactly as a worker would ({@link CeleryCodec#decode}), and deletes it, as Celery's early ack does.
 */
final class CeleryQueue implements AutoCloseable {

    /** A decoded task plus kombu's envelope, for the headers a worker needs but the task does not carry. */
    record Received(CeleryMessage message, JsonNode envelope) {

        CeleryTask task() {
            return message.task();
        }
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final SqsClient sqs;
    private final String queueUrl;
    private final List<Received> received = new ArrayList<>();

    CeleryQueue(String endpoint, String region, String queueUrl) {
        this.sqs = SqsClient.builder()
                .endpointOverride(URI.create(endpoint))
                .region(Region.of(region))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(LocalStack.AWS_CREDENTIAL, LocalStack.AWS_CREDENTIAL)))
                .httpClientBuilder(ApacheHttpClient.builder())
                .build();
        this.queueUrl = queueUrl;
    }

    /** Takes whatever is on the queue now (one short poll) and returns everything received so far. */
    synchronized List<Received> drain() {
        List<Message> messages = sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1))
                .messages();
        for (Message message : messages) {
            // Decoding before deleting: a message a worker could not read fails the test, not silently vanishes.
            received.add(new Received(CeleryCodec.decode(message.body()), envelope(message.body())));
            sqs.deleteMessage(r -> r.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
        }
        return List.copyOf(received);
    }

    /** The tasks received so far named {@code taskName} for {@code stemId}. */
    synchronized List<Received> tasks(String taskName, String stemId) {
        return drain().stream()
                .filter(r -> r.task().name().equals(taskName) && stemId.equals(r.task().kwargs().get("stemId")))
                .toList();
    }

    @Override
    public void close() {
        sqs.close();
    }

    private static JsonNode envelope(String body) {
        String trimmed = body.strip();
        byte[] bytes = trimmed.startsWith("{")
                ? trimmed.getBytes(StandardCharsets.UTF_8)
                : Base64.getDecoder().decode(trimmed);
        return JSON.readTree(bytes);
    }
}
