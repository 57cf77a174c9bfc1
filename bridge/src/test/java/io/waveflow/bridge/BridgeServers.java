package io.waveflow.bridge;

import io.waveflow.infra.EmbeddedKafka;
import io.waveflow.infra.EmbeddedSqs;
import io.waveflow.infra.SharedInfra;
import org.springframework.context.SmartLifecycle;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Kafka and ElasticMQ for the bridge's ITs, started once per JVM and closed at its exit. Like
 * {@link SharedInfra} but without PostgreSQL, which the bridge never uses and which costs the
 * most to start on a busy machine. {@link #start} gives a test suite a pair of its own (the outbox
 * ITs add PostgreSQL to theirs).
 */
public final class BridgeServers {

    private static final Set<String> SPRING_HOOKS = Set.of("SpringContextShutdownHook", "SpringApplicationShutdownHook");

    private static BridgeServers instance;

    private final EmbeddedKafka kafka;
    private final EmbeddedSqs sqs;

    private BridgeServers(EmbeddedKafka kafka, EmbeddedSqs sqs) {
        this.kafka = kafka;
        this.sqs = sqs;
    }

    static synchronized BridgeServers get() {
        if (instance == null) {
            BridgeServers servers = start(List.of(SharedInfra.AUDIO_PROCESS_QUEUE, SharedInfra.AUDIO_PROCESS_FIFO_QUEUE));
            Runtime.getRuntime().addShutdownHook(new Thread(servers::closeAfterSpring, "bridge-it-servers-stop"));
            instance = servers;
        }
        return instance;
    }

    /** A new Kafka and a new ElasticMQ with {@code queues}, started side by side on free ports; the caller closes them. */
    public static BridgeServers start(List<String> queues) {
        CompletableFuture<EmbeddedSqs> sqs = CompletableFuture.supplyAsync(() -> EmbeddedSqs.start(0, queues));
        EmbeddedKafka kafka = EmbeddedKafka.start(0, null);
        return new BridgeServers(kafka, sqs.join());
    }

    public EmbeddedKafka kafka() {
        return kafka;
    }

    public EmbeddedSqs sqs() {
        return sqs;
    }

    public void close() {
        kafka.close();
        sqs.close();
    }

    /** After the test contexts closed, so the bridge's listener and producers stop while Kafka still answers. */
    private void closeAfterSpring() {
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (SPRING_HOOKS.contains(thread.getName())) {
                try {
                    thread.join(30_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        close();
    }

    /** Stops a test class's servers after the bridge's listeners and producers stopped (lowest phase stops last). */
    static SmartLifecycle stopLast(EmbeddedKafka kafka, EmbeddedSqs sqs) {
        return new SmartLifecycle() {
            private volatile boolean running = true;

            @Override
            public void start() {
                running = true;
            }

            @Override
            public void stop() {
                running = false;
                kafka.close();
                sqs.close();
            }

            @Override
            public boolean isRunning() {
                return running;
            }

            @Override
            public int getPhase() {
                return Integer.MIN_VALUE;
            }
        };
    }
}
