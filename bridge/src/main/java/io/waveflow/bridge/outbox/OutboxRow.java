package io.waveflow.bridge.outbox;

import java.time.Instant;

/**
 * One row of the outbox table as captured: the Debezium outbox shape ({@code id},
 * {@code aggregatetype}, {@code aggregateid}, {@code type}, {@code payload}) plus its creation time.
 * Any field may be null here; {@link OutboxMapper} decides what is acceptable.
 */
public record OutboxRow(
        String id,
        String aggregateType,
        String aggregateId,
        String type,
        String payload,
        Instant createdAt) {
}
