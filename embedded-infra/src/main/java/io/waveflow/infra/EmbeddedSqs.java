package io.waveflow.infra;

import java.net.URI;
import java.util.List;
import java.util.Map;

import org.elasticmq.NodeAddress;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.CreateQueueRequest;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * An SQS-compatible endpoint (ElasticMQ, in memory) on 127.0.0.1, with the project's queues
 * created up front so producers and listeners find them exactly as on AWS. ElasticMQ keeps
 * messages in memory only, so {@link #restart()} brings the queues back empty: outage tests
 * should simulate SQS being away by making it stop accepting connections ({@link #stop()}, then
 * {@link #restart()}) and send the messages they assert on after the restart.
 */
public final class EmbeddedSqs implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedSqs.class);

    /** ElasticMQ's default account id, the second path segment of every queue URL. */
    private static final String ACCOUNT_ID = "000000000000";
    private static final String DEFAULT_REGION = "ap-northeast-2";
    private static final String FIFO_SUFFIX = ".fifo";

    private final int port;
    private final List<String> queueNames;
    private final String region;
    private SQSRestServer server;
    private boolean closed;

    private EmbeddedSqs(int port, List<String> queueNames, String region) {
        this.port = port;
        this.queueNames = List.copyOf(queueNames);
        this.region = region;
    }

    /** Starts ElasticMQ in region {@code ap-northeast-2}; see {@link #start(int, List, String)}. */
    public static EmbeddedSqs start(int port, List<String> queueNames) {
        return start(port, queueNames, DEFAULT_REGION);
    }

    /**
     * Starts ElasticMQ on {@code 127.0.0.1:port} and creates the queues. Names ending in
     * {@code .fifo} become FIFO queues without content-based deduplication, so senders must
     * supply a deduplication id as they would on AWS.
     *
     * @param port 0 for a free port
     */
    public static EmbeddedSqs start(int port, List<String> queueNames, String region) {
        EmbeddedSqs sqs = new EmbeddedSqs(FreePorts.orPick(port), queueNames, region);
        try {
            sqs.restart();
            return sqs;
        } catch (RuntimeException e) {
            sqs.close();
            throw e;
        }
    }

    /** The endpoint override for SQS clients, e.g. {@code http://127.0.0.1:40123}. */
    public String endpoint() {
        return "http://" + FreePorts.LOOPBACK + ":" + port;
    }

    /** The URL ElasticMQ reports for a queue: {@code http://127.0.0.1:<port>/000000000000/<name>}. */
    public String queueUrl(String name) {
        return endpoint() + "/" + ACCOUNT_ID + "/" + name;
    }

    public int port() {
        return port;
    }

    public String region() {
        return region;
    }

    public List<String> queueNames() {
        return queueNames;
    }

    /** Stops accepting connections and drops every queue and message. */
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        server.stopAndWait();
        server = null;
        log.info("SQS on {} stopped", endpoint());
    }

    /**
     * Starts again on the same port and recreates the queues, empty: ElasticMQ's in-memory store
     * does not survive a stop. A no-op while it runs.
     */
    public synchronized void restart() {
        if (closed) {
            throw new IllegalStateException("SQS on " + endpoint() + " is closed");
        }
        if (server != null) {
            return;
        }
        long started = System.nanoTime();
        SQSRestServer restServer = SQSRestServerBuilder
                .withInterface(FreePorts.LOOPBACK)
                .withPort(port)
                // Without an explicit address ElasticMQ writes "localhost" into queue URLs.
                .withServerAddress(new NodeAddress("http", FreePorts.LOOPBACK, port, ""))
                .withAWSRegion(region)
                .withAWSAccountId(ACCOUNT_ID)
                .start();
        server = restServer;
        restServer.waitUntilStarted();
        createQueues();
        log.info("SQS on {} with queues {} started in {} ms",
                endpoint(), queueNames, (System.nanoTime() - started) / 1_000_000);
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        stop();
        closed = true;
    }

    private void createQueues() {
        try (SqsClient client = SqsClient.builder()
                .endpointOverride(URI.create(endpoint()))
                .region(Region.of(region))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x")))
                .httpClientBuilder(ApacheHttpClient.builder())
                .build()) {
            for (String name : queueNames) {
                client.createQueue(CreateQueueRequest.builder()
                        .queueName(name)
                        .attributes(attributes(name))
                        .build());
            }
        }
    }

    private static Map<QueueAttributeName, String> attributes(String name) {
        if (!name.endsWith(FIFO_SUFFIX)) {
            return Map.of();
        }
        return Map.of(
                QueueAttributeName.FIFO_QUEUE, "true",
                QueueAttributeName.CONTENT_BASED_DEDUPLICATION, "false");
    }
}
