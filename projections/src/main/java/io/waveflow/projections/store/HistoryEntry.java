package io.waveflow.projections.store;

import com.fasterxml.jackson.annotation.JsonRawValue;

import java.time.Instant;

/**
 * One workflow event as recorded for a stem: its id, CloudEvents type, time and data object.
 * The payload is JSON text from {@code jsonb} and is written into responses as is.
 */
public record HistoryEntry(String eventId, String type, Instant time, @JsonRawValue String payload) {
}
