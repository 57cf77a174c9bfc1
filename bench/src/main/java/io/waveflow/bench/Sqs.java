package io.waveflow.bench;

import java.net.URI;
import java.time.Duration;

import io.waveflow.local.LocalStack;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;

/** An SQS client for the local stack's ElasticMQ, with enough connections for several pollers and senders. */
final class Sqs {

    private Sqs() {
    }

    static SqsClient client(String endpoint, String region) {
        return SqsClient.builder()
                .endpointOverride(URI.create(endpoint))
                .region(Region.of(region))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(LocalStack.AWS_CREDENTIAL, LocalStack.AWS_CREDENTIAL)))
                .httpClientBuilder(ApacheHttpClient.builder()
                        .maxConnections(64)
                        .socketTimeout(Duration.ofSeconds(30)))
                .build();
    }
}
