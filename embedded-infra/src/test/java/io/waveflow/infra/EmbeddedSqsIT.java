package io.waveflow.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

class EmbeddedSqsIT {

    private static final String STANDARD_QUEUE = "it-standard";
    private static final String FIFO_QUEUE = "it-ordered.fifo";

    private static EmbeddedSqs sqs;
    private SqsClient client;

    @BeforeAll
    static void startSqs() {
        sqs = EmbeddedSqs.start(0, List.of(STANDARD_QUEUE, FIFO_QUEUE));
    }

    @AfterAll
    static void closeSqs() {
        sqs.close();
    }

    @BeforeEach
    void openClient() {
        client = SqsClient.builder()
                .endpointOverride(URI.create(sqs.endpoint()))
                .region(Region.of(sqs.region()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x")))
                .httpClientBuilder(ApacheHttpClient.builder())
                .build();
    }

    @AfterEach
    void closeClient() {
        client.close();
    }

    @Test
    void shouldReportQueueUrlsOnTheLoopbackAddress() {
        assertThat(sqs.endpoint()).isEqualTo("http://127.0.0.1:" + sqs.port());
        assertThat(client.getQueueUrl(b -> b.queueName(STANDARD_QUEUE)).queueUrl())
                .isEqualTo(sqs.queueUrl(STANDARD_QUEUE))
                .isEqualTo("http://127.0.0.1:" + sqs.port() + "/000000000000/" + STANDARD_QUEUE);
    }

    @Test
    void shouldSendAndReceiveOnAStandardQueue() {
        // when
        client.sendMessage(b -> b.queueUrl(sqs.queueUrl(STANDARD_QUEUE)).messageBody("hello"));

        // then
        assertThat(receive(STANDARD_QUEUE, 1)).extracting(Message::body).containsExactly("hello");
    }

    @Test
    void shouldSendAndReceiveInOrderOnAFifoQueue() {
        // given
        String url = sqs.queueUrl(FIFO_QUEUE);

        // when
        for (String body : List.of("first", "second", "third")) {
            client.sendMessage(b -> b.queueUrl(url).messageBody(body)
                    .messageGroupId("stem-1").messageDeduplicationId(body));
        }

        // then
        assertThat(receive(FIFO_QUEUE, 3)).extracting(Message::body).containsExactly("first", "second", "third");
    }

    @Test
    void shouldCreateFifoQueuesWithoutContentBasedDeduplication() {
        Map<QueueAttributeName, String> attributes = client.getQueueAttributes(b -> b
                .queueUrl(sqs.queueUrl(FIFO_QUEUE))
                .attributeNames(QueueAttributeName.ALL)).attributes();

        assertThat(attributes)
                .containsEntry(QueueAttributeName.FIFO_QUEUE, "true")
                .containsEntry(QueueAttributeName.CONTENT_BASED_DEDUPLICATION, "false");
    }

    @Test
    void shouldRefuseConnectionsWhileStoppedAndComeBackWithEmptyQueues() {
        // given
        client.sendMessage(b -> b.queueUrl(sqs.queueUrl(STANDARD_QUEUE)).messageBody("lost-on-restart"));

        // when
        sqs.stop();

        // then
        assertThatThrownBy(() -> client.listQueues()).isInstanceOf(SdkClientException.class);

        // when
        sqs.restart();

        // then
        assertThat(client.listQueues().queueUrls())
                .containsExactlyInAnyOrder(sqs.queueUrl(STANDARD_QUEUE), sqs.queueUrl(FIFO_QUEUE));
        assertThat(client.receiveMessage(b -> b.queueUrl(sqs.queueUrl(STANDARD_QUEUE))).messages()).isEmpty();
    }

    private List<Message> receive(String queue, int expected) {
        List<Message> received = new ArrayList<>();
        await().atMost(Duration.ofSeconds(10)).pollDelay(Duration.ZERO).until(() -> {
            List<Message> batch = client.receiveMessage(b -> b
                    .queueUrl(sqs.queueUrl(queue))
                    .maxNumberOfMessages(10)
                    .waitTimeSeconds(1)).messages();
            for (Message message : batch) {
                received.add(message);
                client.deleteMessage(b -> b.queueUrl(sqs.queueUrl(queue)).receiptHandle(message.receiptHandle()));
            }
            return received.size() >= expected;
        });
        return received;
    }
}
