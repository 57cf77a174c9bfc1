package io.waveflow.projections.api;

import io.waveflow.projections.store.TimelineMinute;

import java.time.Instant;
import java.util.List;

/** The answer of {@code GET /stats/timeline}: the minutes up to the one {@code at} is in, oldest first. */
record Timeline(Instant at, List<TimelineMinute> minutes) {

    Timeline {
        minutes = List.copyOf(minutes);
    }
}
