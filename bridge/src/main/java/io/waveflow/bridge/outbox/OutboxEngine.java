package io.waveflow.bridge.outbox;

import io.debezium.embedded.Connect;
import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.ChangeEvent;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.io.IOException;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Runs the Debezium embedded engine that captures the outbox table, on one thread of its own.
 * Started last and stopped first of the bridge's lifecycle beans, so the Kafka producer it
 * publishes through is there for as long as the engine runs.
 */
public class OutboxEngine implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutboxEngine.class);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final Properties properties;
    private final OutboxChangeHandler handler;
    private final Runnable beforeStart;
    private DebeziumEngine<ChangeEvent<SourceRecord, SourceRecord>> engine;
    private ExecutorService executor;
    private volatile boolean failed;

    /**
     * @param properties  the engine and connector configuration
     * @param beforeStart run on the starting thread first, e.g. creating the outbox tables
     */
    public OutboxEngine(Properties properties, OutboxChangeHandler handler, Runnable beforeStart) {
        this.properties = properties;
        this.handler = handler;
        this.beforeStart = beforeStart;
    }

    @Override
    public synchronized void start() {
        if (engine != null) {
            return;
        }
        beforeStart.run();
        failed = false;
        handler.resume();
        engine = DebeziumEngine.create(Connect.class)
                .using(properties)
                .notifying(handler)
                .using((success, message, error) -> {
                    if (!success) {
                        failed = true;
                        log.error("Outbox capture stopped: {}", message, error);
                    } else {
                        log.info("Outbox capture stopped: {}", message);
                    }
                })
                .build();
        executor = Executors.newSingleThreadExecutor(runnable -> new Thread(runnable, "outbox-capture"));
        executor.execute(engine);
        log.info("Outbox capture started: slot {}, publication {}, offsets in topic {}",
                properties.getProperty("slot.name"), properties.getProperty("publication.name"),
                properties.getProperty("offset.storage.topic"));
    }

    @Override
    public synchronized void stop() {
        if (engine == null) {
            return;
        }
        handler.stop();
        try {
            engine.close();
            executor.shutdown();
            if (!executor.awaitTermination(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("Outbox capture did not stop within {}; interrupting it", STOP_TIMEOUT);
                executor.shutdownNow();
            }
        } catch (IOException | IllegalStateException e) {
            // IllegalStateException: the engine had already stopped on its own (see the completion log line).
            log.warn("Closing the outbox engine failed: {}", e.toString());
            executor.shutdownNow();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            executor.shutdownNow();
        } finally {
            engine = null;
            executor = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return engine != null;
    }

    /** True once the engine stopped on an error it could not retry; the health check reports it. */
    public boolean hasFailed() {
        return failed;
    }
}
