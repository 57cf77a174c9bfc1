package io.waveflow.projections.store;

import java.time.Instant;

/** One minute of the history: stems completed, found duplicate and failed in it, by event time. */
public record TimelineMinute(Instant minute, long completed, long duplicate, long failed) {
}
