package io.waveflow.infra;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.Props;
import org.apache.pekko.pattern.Patterns;
import org.elasticmq.NodeAddress;
import org.elasticmq.StrictSQSLimits$;
import org.elasticmq.actor.QueueManagerActor;
import org.elasticmq.actor.queue.QueueEvent;
import org.elasticmq.persistence.sql.SqlQueuePersistenceActor;
import org.elasticmq.persistence.sql.SqlQueuePersistenceConfig;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.elasticmq.rest.sqs.TheSQSRestServerBuilder;
import org.elasticmq.util.NowProvider;
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
 * An SQS-compatible endpoint (ElasticMQ) on 127.0.0.1, with the project's queues created up front
 * so producers and listeners find them exactly as on AWS. From {@link #start} it keeps messages in
 * memory only, so {@link #restart()} brings the queues back empty: outage tests should simulate
 * SQS being away by making it stop accepting connections ({@link #stop()}, then {@link #restart()})
 * and send the messages they assert on after the restart. From {@link #startPersistent} it keeps
 * queues and messages (with their visibility and receive counts) in an H2 file through ElasticMQ's
 * own SQL persistence, so a restart, also of the JVM, gives back exactly what was not yet deleted.
 */
public final class EmbeddedSqs implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedSqs.class);

    /** ElasticMQ's default account id, the second path segment of every queue URL. */
    private static final String ACCOUNT_ID = "000000000000";
    private static final String DEFAULT_REGION = "ap-northeast-2";
    private static final String FIFO_SUFFIX = ".fifo";

    private static final String H2_DRIVER = "org.h2.Driver";
    private static final Duration RESTORE_TIMEOUT = Duration.ofSeconds(60);
    /**
     * ElasticMQ opens its SQL store through a JVM-wide connection pool that is set up once and
     * never closed (its {@code DB.initializeSingleton}), so one JVM can persist into one H2 file.
     */
    private static Path persistentStoreOfThisJvm;

    private final int port;
    private final List<String> queueNames;
    private final String region;
    private final Path storageDir;
    private SQSRestServer server;
    /** The actor system of a persistent server; ElasticMQ owns (and ends) the in-memory one's. */
    private ActorSystem actorSystem;
    private boolean closed;

    private EmbeddedSqs(int port, List<String> queueNames, String region, Path storageDir) {
        this.port = port;
        this.queueNames = List.copyOf(queueNames);
        this.region = region;
        this.storageDir = storageDir;
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
        return start(new EmbeddedSqs(FreePorts.orPick(port), queueNames, region, null));
    }

    /**
     * Like {@link #start(int, List, String)}, but queues and messages live in an H2 database in
     * {@code storageDir} (created if missing) and survive {@link #stop()}, {@link #restart()} and
     * the end of the JVM: a message that was sent and not deleted is there after a restart, with
     * its visibility timeout. Every change is written to the file before ElasticMQ answers, so a
     * {@code kill -9} of the JVM loses no acknowledged send. One storage directory per JVM.
     *
     * @throws IllegalStateException when this JVM already persists SQS into another directory
     */
    public static EmbeddedSqs startPersistent(int port, List<String> queueNames, String region, Path storageDir) {
        Path dir = storageDir.toAbsolutePath().normalize();
        synchronized (EmbeddedSqs.class) {
            if (persistentStoreOfThisJvm != null && !persistentStoreOfThisJvm.equals(dir)) {
                throw new IllegalStateException("this JVM already persists SQS into " + persistentStoreOfThisJvm
                        + "; ElasticMQ's SQL store is one per JVM, so " + dir + " cannot be used too");
            }
            persistentStoreOfThisJvm = dir;
        }
        return start(new EmbeddedSqs(FreePorts.orPick(port), queueNames, region, dir));
    }

    private static EmbeddedSqs start(EmbeddedSqs sqs) {
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

    /** Where messages are kept, or null when they live in memory only. */
    public Path storageDir() {
        return storageDir;
    }

    /** Stops accepting connections; drops every queue and message unless they are persisted. */
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        try {
            server.stopAndWait();
        } finally {
            server = null;
            terminateActorSystem();
        }
        log.info("SQS on {} stopped", endpoint());
    }

    /**
     * Starts again on the same port and recreates the queues: empty in memory, or with the
     * persisted messages. A no-op while it runs.
     */
    public synchronized void restart() {
        if (closed) {
            throw new IllegalStateException("SQS on " + endpoint() + " is closed");
        }
        if (server != null) {
            return;
        }
        long started = System.nanoTime();
        TheSQSRestServerBuilder builder = SQSRestServerBuilder
                .withInterface(FreePorts.LOOPBACK)
                .withPort(port)
                // Without an explicit address ElasticMQ writes "localhost" into queue URLs.
                .withServerAddress(new NodeAddress("http", FreePorts.LOOPBACK, port, ""))
                .withAWSRegion(region)
                .withAWSAccountId(ACCOUNT_ID);
        ActorRef store = null;
        ActorRef manager = null;
        if (storageDir != null) {
            // As ElasticMQ's own server wires it: the store listens to every queue and message
            // change and answers before the queue does, then restores what it kept.
            // A fatal error in an actor (say a LinkageError) must fail this server, not System.exit
            // the JVM it is embedded in, which is Pekko's default.
            actorSystem = ActorSystem.create("embedded-sqs-" + port, com.typesafe.config.ConfigFactory
                    .parseString("pekko.jvm-exit-on-fatal-error = off")
                    .withFallback(com.typesafe.config.ConfigFactory.load()));
            SqlQueuePersistenceConfig config = persistenceConfig();
            store = actorSystem.actorOf(Props.create(SqlQueuePersistenceActor.class,
                    () -> new SqlQueuePersistenceActor(config, scala.collection.immutable.List$.MODULE$.empty())));
            ActorRef listener = store;
            manager = actorSystem.actorOf(Props.create(QueueManagerActor.class,
                    () -> new QueueManagerActor(new NowProvider(), StrictSQSLimits$.MODULE$, scala.Option.apply(listener))));
            builder = builder.withActorSystem(actorSystem).withQueueManagerActor(manager);
        }
        try {
            server = builder.start();
            server.waitUntilStarted();
            if (store != null) {
                restore(store, manager);
            }
            createQueues();
        } catch (RuntimeException e) {
            stop();
            terminateActorSystem();
            throw e;
        }
        log.info("SQS on {} with queues {} ({}) started in {} ms", endpoint(), queueNames,
                storageDir == null ? "in memory" : "kept in " + storageDir, (System.nanoTime() - started) / 1_000_000);
    }

    private SqlQueuePersistenceConfig persistenceConfig() {
        try {
            Files.createDirectories(storageDir);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot create " + storageDir, e);
        }
        // WRITE_DELAY=0: H2 commits every change to the file before the statement returns, instead
        // of up to 500 ms later, so a killed JVM keeps every message ElasticMQ acknowledged.
        String url = "jdbc:h2:file:" + storageDir.resolve("elasticmq") + ";WRITE_DELAY=0";
        return new SqlQueuePersistenceConfig(true, H2_DRIVER, url, "", "", false);
    }

    private static void restore(ActorRef store, ActorRef manager) {
        try {
            Patterns.ask(store, new QueueEvent.Restore(manager), RESTORE_TIMEOUT)
                    .toCompletableFuture()
                    .get(RESTORE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("ElasticMQ could not restore its persisted queues", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while restoring the persisted queues", e);
        }
    }

    private void terminateActorSystem() {
        if (actorSystem == null) {
            return;
        }
        ActorSystem system = actorSystem;
        actorSystem = null;
        system.terminate();
        try {
            system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            log.warn("SQS actor system on port {} did not terminate: {}", port, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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
