package io.waveflow.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The shared stack supervises: a service killed with SIGKILL is started again and the rest of the
 * stack runs on; SQS stopped and started in place keeps its messages. Each test leaves the stack
 * as it found it (everything UP) for the ITs after it.
 */
@ExtendWith(LocalStackExtension.class)
class SupervisionIT {

    @Test
    void shouldStartAKilledServiceAgainWhileTheOthersKeepRunning() {
        // given
        LocalStack stack = LocalStackExtension.stack();
        long killedPid = stack.pid(Service.WORKFLOW_STREAMS);
        int restartsBefore = stack.restarts(Service.WORKFLOW_STREAMS);

        // when
        stack.kill(Service.WORKFLOW_STREAMS);

        // then
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
                .until(() -> stack.restarts(Service.WORKFLOW_STREAMS) == restartsBefore + 1
                        && stack.isUp(Service.WORKFLOW_STREAMS));
        assertThat(stack.pid(Service.WORKFLOW_STREAMS)).isNotEqualTo(killedPid);
        assertThat(ProcessHandle.of(killedPid).map(ProcessHandle::isAlive)).isNotEqualTo(java.util.Optional.of(true));
        assertThat(stack.isUp(Service.BRIDGE)).isTrue();
        assertThat(stack.isUp(Service.PROJECTIONS)).isTrue();
        assertThat(stack.restarts(Service.BRIDGE)).isZero();
    }

    @Test
    void shouldKeepAQueuedTaskWhenSqsIsStoppedAndStartedInPlace() {
        // given
        LocalStack stack = LocalStackExtension.stack();
        String marker = "supervision-it-" + UUID.randomUUID();
        try (SqsClient sqs = client(stack)) {
            sqs.sendMessage(b -> b.queueUrl(stack.queueUrl()).messageBody(marker));

            // when
            stack.stopInfrastructure(Infrastructure.SQS);
            stack.startInfrastructure(Infrastructure.SQS);

            // then
            await().atMost(Duration.ofSeconds(60)).pollDelay(Duration.ZERO).until(() -> takeIfPresent(sqs, stack, marker));
        }
    }

    /** Deletes the marker when it arrives; hands anything else back at once for the other ITs. */
    private static boolean takeIfPresent(SqsClient sqs, LocalStack stack, String marker) {
        boolean found = false;
        for (Message message : sqs.receiveMessage(b -> b.queueUrl(stack.queueUrl()).maxNumberOfMessages(10)
                .waitTimeSeconds(1)).messages()) {
            if (message.body().equals(marker)) {
                sqs.deleteMessage(b -> b.queueUrl(stack.queueUrl()).receiptHandle(message.receiptHandle()));
                found = true;
            } else {
                sqs.changeMessageVisibility(b -> b.queueUrl(stack.queueUrl())
                        .receiptHandle(message.receiptHandle()).visibilityTimeout(0));
            }
        }
        return found;
    }

    private static SqsClient client(LocalStack stack) {
        return SqsClient.builder()
                .endpointOverride(URI.create(stack.sqsEndpoint()))
                .region(Region.of(stack.region()))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(LocalStack.AWS_CREDENTIAL, LocalStack.AWS_CREDENTIAL)))
                .httpClientBuilder(ApacheHttpClient.builder())
                .build();
    }
}
