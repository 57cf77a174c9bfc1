package io.waveflow.bridge.outbox;

import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.ChangeEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.waveflow.bridge.inbound.DeadLetterSink;
import io.waveflow.bridge.inbound.InboundPublisher;
import io.waveflow.contracts.LogKeys;
import io.waveflow.contracts.inbound.InboundEvent;
import io.waveflow.contracts.json.Json;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The CDC callback of the outbox engine: each inserted outbox row becomes its inbound event on
 * Kafka, a row that cannot becomes a dead letter, and a record is marked processed only after
 * Kafka acknowledged what it turned into. Kafka being away is retried until it answers or the
 * engine stops; the record is then left unmarked and captured again after the restart.
 */
public class OutboxChangeHandler implements DebeziumEngine.ChangeConsumer<ChangeEvent<SourceRecord, SourceRecord>> {

    public static final String FAILED_IN = "bridge-outbox";
    private static final Logger log = LoggerFactory.getLogger(OutboxChangeHandler.class);
    private static final Duration RETRY_INITIAL = Duration.ofMillis(200);
    private static final Duration RETRY_MAX = Duration.ofSeconds(10);

    private final String outboxTopic;
    private final InboundPublisher publisher;
    private final DeadLetterSink deadLetters;
    private final Clock clock;
    private final Counter captured;
    private final Counter deadLettered;
    private volatile boolean stopping;

    /**
     * @param outboxTopic the Debezium topic name of the outbox table ({@code <topic.prefix>.<schema>.<table>});
     *                    records of other topics (heartbeats, the heartbeat table) are only marked processed
     */
    public OutboxChangeHandler(String outboxTopic, InboundPublisher publisher, DeadLetterSink deadLetters,
                               MeterRegistry meterRegistry, Clock clock) {
        this.outboxTopic = outboxTopic;
        this.publisher = publisher;
        this.deadLetters = deadLetters;
        this.clock = clock;
        this.captured = meterRegistry.counter("waveflow.bridge.outbox.captured");
        this.deadLettered = meterRegistry.counter("waveflow.bridge.outbox.deadlettered");
    }

    /** Makes a pending retry give up, so the engine can stop; the unacknowledged record stays unmarked. */
    public void stop() {
        stopping = true;
    }

    /** Lets retries run again after a {@link #stop()}, for an engine started anew. */
    public void resume() {
        stopping = false;
    }

    @Override
    public void handleBatch(List<ChangeEvent<SourceRecord, SourceRecord>> records,
                            DebeziumEngine.RecordCommitter<ChangeEvent<SourceRecord, SourceRecord>> committer)
            throws InterruptedException {
        for (ChangeEvent<SourceRecord, SourceRecord> record : records) {
            handle(record.value());
            committer.markProcessed(record);
        }
        committer.markBatchFinished();
    }

    private void handle(SourceRecord record) throws InterruptedException {
        if (!outboxTopic.equals(record.topic()) || !(record.value() instanceof Struct change)) {
            return;
        }
        String op = change.getString("op");
        if ("d".equals(op)) {
            // The application cleaning up rows it wrote; they were captured when inserted.
            return;
        }
        OutboxRow row = row(change.getStruct("after"));
        if ("u".equals(op)) {
            log.warn("Outbox row {} was updated; outbox rows are captured once, on insert, so the update is ignored",
                    row.id());
            return;
        }
        long lsn = lsn(change);
        try (MDC.MDCCloseable ignored = MDC.putCloseable(LogKeys.STEM_ID, row.aggregateId())) {
            InboundEvent event;
            try {
                event = OutboxMapper.toEvent(row);
            } catch (MalformedOutboxRowException e) {
                deadLetter(row, lsn, e.getMessage());
                return;
            }
            untilAcknowledged(() -> publisher.publish(event));
            captured.increment();
        }
    }

    private void deadLetter(OutboxRow row, long lsn, String reason) throws InterruptedException {
        log.warn("Outbox row {} (lsn {}) is dead-lettered: {}", row.id(), lsn, reason);
        String key = row.aggregateId() != null ? row.aggregateId() : row.id();
        byte[] value = Json.MAPPER.writeValueAsBytes(asJson(row));
        DeadLetterSink.Origin origin = new DeadLetterSink.Origin(outboxTopic, 0, lsn);
        untilAcknowledged(() -> deadLetters.park(origin, key, value, reason, FAILED_IN, clock.instant()));
        deadLettered.increment();
    }

    /** Retries what can heal (Kafka away), with a capped exponential pause, until acknowledged or stopped. */
    private void untilAcknowledged(Runnable send) throws InterruptedException {
        Duration pause = RETRY_INITIAL;
        while (true) {
            try {
                send.run();
                return;
            } catch (RuntimeException e) {
                if (stopping || Thread.currentThread().isInterrupted()) {
                    throw new InterruptedException("outbox capture is stopping before Kafka acknowledged a record; "
                            + "it stays unprocessed and is captured again at the next start");
                }
                log.warn("Kafka did not acknowledge an outbox record, retrying in {}: {}", pause, e.toString());
            }
            Thread.sleep(pause.toMillis());
            pause = pause.multipliedBy(2).compareTo(RETRY_MAX) > 0 ? RETRY_MAX : pause.multipliedBy(2);
        }
    }

    static OutboxRow row(Struct after) {
        if (after == null) {
            return new OutboxRow(null, null, null, null, null, null);
        }
        return new OutboxRow(text(after, "id"), text(after, "aggregatetype"), text(after, "aggregateid"),
                text(after, "type"), text(after, "payload"), instant(text(after, "created_at")));
    }

    private static String text(Struct struct, String name) {
        Field field = struct.schema().field(name);
        Object value = field == null ? null : struct.get(field);
        return value == null ? null : value.toString();
    }

    /** timestamptz arrives as Debezium's ZonedTimestamp, an ISO-8601 string with an offset. */
    private static Instant instant(String value) {
        if (value == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static long lsn(Struct change) {
        Struct source = change.getStruct("source");
        Object lsn = source == null || source.schema().field("lsn") == null ? null : source.get("lsn");
        return lsn instanceof Number number ? number.longValue() : -1;
    }

    private static Map<String, Object> asJson(OutboxRow row) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", row.id());
        json.put("aggregatetype", row.aggregateType());
        json.put("aggregateid", row.aggregateId());
        json.put("type", row.type());
        json.put("payload", row.payload());
        json.put("created_at", row.createdAt() == null ? null : row.createdAt().toString());
        return json;
    }
}
