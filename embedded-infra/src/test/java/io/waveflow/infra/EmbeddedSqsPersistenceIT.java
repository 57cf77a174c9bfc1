package io.waveflow.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/** ElasticMQ with its SQL persistence: what was sent and not deleted is there after a restart. */
class EmbeddedSqsPersistenceIT {

    private static final String QUEUE = "it-kept";
    private static final String FIFO_QUEUE = "it-kept.fifo";

    @TempDir
    static Path storage;

    @Test
    void shouldKeepUndeletedMessagesAcrossStopRestartAndANewServerOnTheSameStorage() {
        List<String> bodies = new ArrayList<>();
        try (EmbeddedSqs sqs = EmbeddedSqs.startPersistent(0, List.of(QUEUE, FIFO_QUEUE), "ap-northeast-2", storage);
             SqsClient client = client(sqs)) {
            // given: one message taken and deleted, one taken but not deleted (in flight), one waiting
            String url = sqs.queueUrl(QUEUE);
            for (String body : List.of("deleted", "in-flight", "waiting")) {
                client.sendMessage(b -> b.queueUrl(url).messageBody(body));
            }
            for (Message message : receiveAll(client, url, 2, 1)) {
                if (message.body().equals("deleted")) {
                    client.deleteMessage(b -> b.queueUrl(url).receiptHandle(message.receiptHandle()));
                }
            }

            // when
            sqs.stop();
            sqs.restart();

            // then: the in-flight one comes back after its visibility timeout, the deleted one never
            receiveAll(client, url, 2, 1).forEach(m -> bodies.add(m.body()));
            assertThat(bodies).containsExactlyInAnyOrder("in-flight", "waiting");
            client.sendMessage(b -> b.queueUrl(url).messageBody("before-close"));
        }

        // when: a new server on the same storage, as after a restart of the whole JVM
        try (EmbeddedSqs again = EmbeddedSqs.startPersistent(0, List.of(QUEUE, FIFO_QUEUE), "ap-northeast-2", storage);
             SqsClient client = client(again)) {
            // then
            assertThat(client.listQueues().queueUrls())
                    .contains(again.queueUrl(QUEUE), again.queueUrl(FIFO_QUEUE));
            assertThat(receiveAll(client, again.queueUrl(QUEUE), 3, 30)).extracting(Message::body)
                    .containsExactlyInAnyOrder("in-flight", "waiting", "before-close");
            assertThat(again.storageDir()).isEqualTo(storage.toAbsolutePath().normalize());
        }
    }

    @Test
    void shouldRefuseASecondStorageDirectoryInTheSameJvm(@TempDir Path other) {
        try (EmbeddedSqs sqs = EmbeddedSqs.startPersistent(0, List.of(QUEUE), "ap-northeast-2", storage)) {
            assertThat(sqs.storageDir()).isNotNull();
        }
        assertThatThrownBy(() -> EmbeddedSqs.startPersistent(0, List.of(QUEUE), "ap-northeast-2", other))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("one per JVM");
    }

    /** Receives (without deleting) until {@code expected} distinct messages were seen, hiding each for {@code visibility} s. */
    private static List<Message> receiveAll(SqsClient client, String url, int expected, int visibility) {
        List<Message> received = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).pollDelay(Duration.ZERO).until(() -> {
            for (Message message : client.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10)
                    .visibilityTimeout(visibility).waitTimeSeconds(1)).messages()) {
                if (received.stream().noneMatch(m -> m.messageId().equals(message.messageId()))) {
                    received.add(message);
                }
            }
            return received.size() >= expected;
        });
        return received;
    }

    private static SqsClient client(EmbeddedSqs sqs) {
        return SqsClient.builder()
                .endpointOverride(URI.create(sqs.endpoint()))
                .region(Region.of(sqs.region()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x")))
                .httpClientBuilder(ApacheHttpClient.builder())
                .build();
    }
}
