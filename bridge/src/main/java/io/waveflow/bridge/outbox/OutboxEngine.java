package io.waveflow.bridge.outbox;

import io.debezium.embedded.Connect;
import io.debezium.engine.ChangeEvent;
import io.debezium.engine.DebeziumEngine;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Properties;

/**
 * Runs outbox capture on one thread of its own ({@code outbox-capture}): a {@link CaptureSupervisor}
 * that starts a Debezium embedded engine while this bridge can have the replication slot, stands by
 * while another bridge has it, and starts a new engine after one stopped. Started last and stopped
 * first of the bridge's lifecycle beans, so the Kafka producer it publishes through is there for as
 * long as an engine runs.
 */
public class OutboxEngine implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutboxEngine.class);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final Properties properties;
    private final OutboxChangeHandler handler;
    private final Runnable beforeStart;
    private final CaptureSupervisor.SlotHolder slot;
    private final Duration pollInterval;
    private final Duration backoffMax;
    private CaptureSupervisor supervisor;
    private Thread thread;

    /**
     * @param properties   the engine and connector configuration
     * @param beforeStart  run on the starting thread first, e.g. creating the outbox tables
     * @param slot         who holds the replication slot
     * @param pollInterval how often a standby looks at the slot
     * @param backoffMax   the longest pause before a new engine after repeated errors
     */
    public OutboxEngine(Properties properties, OutboxChangeHandler handler, Runnable beforeStart,
                        CaptureSupervisor.SlotHolder slot, Duration pollInterval, Duration backoffMax) {
        this.properties = properties;
        this.handler = handler;
        this.beforeStart = beforeStart;
        this.slot = slot;
        this.pollInterval = pollInterval;
        this.backoffMax = backoffMax;
    }

    /** {@code waveflow.bridge.outbox.role{role=active|standby|recovering}}: 1 for this bridge's role, 0 for the others. */
    public void bindTo(MeterRegistry meterRegistry) {
        for (OutboxRole each : OutboxRole.values()) {
            Gauge.builder("waveflow.bridge.outbox.role", this, engine -> engine.role() == each ? 1 : 0)
                    .description("1 for what this bridge does for the outbox's replication slot")
                    .tag("role", each.label())
                    .tag("slot", properties.getProperty("slot.name"))
                    .register(meterRegistry);
        }
        FunctionCounter.builder("waveflow.bridge.outbox.capture.starts", this, OutboxEngine::starts)
                .description("Capture engines this bridge started, each after finding the slot free")
                .register(meterRegistry);
    }

    @Override
    public synchronized void start() {
        if (supervisor != null) {
            return;
        }
        beforeStart.run();
        handler.resume();
        supervisor = new CaptureSupervisor(properties.getProperty("slot.name"), slot, this::newCapture,
                pollInterval, backoffMax, Clock.systemUTC());
        thread = new Thread(supervisor, "outbox-capture");
        thread.start();
        log.info("Outbox capture supervised: slot {}, publication {}, offsets in topic {}; a standby checks the slot "
                        + "every {}", properties.getProperty("slot.name"), properties.getProperty("publication.name"),
                properties.getProperty("offset.storage.topic"), pollInterval);
    }

    @Override
    public synchronized void stop() {
        if (supervisor == null) {
            return;
        }
        handler.stop();
        supervisor.stop();
        try {
            thread.join(STOP_TIMEOUT.toMillis());
            if (thread.isAlive()) {
                log.warn("Outbox capture did not stop within {}; interrupting it", STOP_TIMEOUT);
                thread.interrupt();
                thread.join(STOP_TIMEOUT.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            supervisor = null;
            thread = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return supervisor != null;
    }

    /** What this bridge does for the slot; {@link OutboxRole#STANDBY} while stopped. */
    public OutboxRole role() {
        CaptureSupervisor current = supervisor;
        return current == null ? OutboxRole.STANDBY : current.role();
    }

    private long starts() {
        CaptureSupervisor current = supervisor;
        return current == null ? 0 : current.starts();
    }

    private CaptureSupervisor.Capture newCapture() {
        return new DebeziumCapture(properties, handler);
    }

    /** One Debezium embedded engine, run on the supervisor's thread until it stops. */
    private static final class DebeziumCapture implements CaptureSupervisor.Capture {

        private final DebeziumEngine<ChangeEvent<SourceRecord, SourceRecord>> engine;
        private volatile Throwable error;
        private Thread runner;
        private boolean closed;

        DebeziumCapture(Properties properties, OutboxChangeHandler handler) {
            this.engine = DebeziumEngine.create(Connect.class)
                    .using(properties)
                    .notifying(handler)
                    .using((success, message, failure) -> {
                        if (!success) {
                            error = failure != null ? failure : new IllegalStateException(message);
                        } else {
                            log.info("Outbox capture stopped: {}", message);
                        }
                    })
                    .build();
        }

        @Override
        public Throwable run() {
            synchronized (this) {
                if (closed) {
                    return null;
                }
                runner = Thread.currentThread();
            }
            engine.run();
            return error;
        }

        @Override
        public synchronized void close() {
            closed = true;
            if (runner == null) {
                return;
            }
            try {
                engine.close();
            } catch (IOException | IllegalStateException e) {
                // IllegalStateException: the engine is starting its task (Debezium refuses to close then) or
                // has stopped already; interrupting its thread ends the start.
                log.debug("Closing the outbox engine: {}", e.toString());
                runner.interrupt();
            }
        }
    }
}
