package io.waveflow.bench;

import java.net.URI;
import java.time.Duration;

import io.waveflow.local.LocalStack;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;

/** An SQS client for the local stack's ElasticMQ, with enough connections for several pollers and senders. */
final class Sqs {

    private Sqs() {
    }

    /** A client that signs its requests (SigV4) as the services' clients do: for the seed-style baseline's sends. */
    static SqsClient client(String endpoint, String region) {
        return client(endpoint, region, StaticCredentialsProvider.create(
                AwsBasicCredentials.create(LocalStack.AWS_CREDENTIAL, LocalStack.AWS_CREDENTIAL)));
    }

    /**
     * A client that does not sign (anonymous credentials; ElasticMQ checks no signature), for the
     * worker simulators: they stand in for the Celery fleet, which is not what the suite measures,
     * and their receives and deletes are the bench JVM's most frequent SQS calls.
     */
    static SqsClient unsignedClient(String endpoint, String region) {
        return client(endpoint, region, AnonymousCredentialsProvider.create());
    }

    private static SqsClient client(String endpoint, String region, AwsCredentialsProvider credentials) {
        return SqsClient.builder()
                .endpointOverride(URI.create(endpoint))
                .region(Region.of(region))
                .credentialsProvider(credentials)
                .httpClientBuilder(ApacheHttpClient.builder()
                        .maxConnections(64)
                        .socketTimeout(Duration.ofSeconds(30)))
                .build();
    }
}
