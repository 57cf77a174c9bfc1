package io.waveflow.projections.store;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The read model at a glance, as of {@code at}: stems by status and by stage (every known value,
 * zero included), and per stage the in-flight stem (status processing or duplicate, stage not
 * done) that has been in it longest. Rows without a status or stage are in neither count.
 */
public record StemStats(Instant at, Map<String, Long> byStatus, Map<String, Long> byStage,
                        Map<String, OldestInFlight> oldestInFlight) {

    public StemStats {
        // Insertion order kept: statuses and stages read in the order of a stem's life.
        byStatus = Collections.unmodifiableMap(new LinkedHashMap<>(byStatus));
        byStage = Collections.unmodifiableMap(new LinkedHashMap<>(byStage));
        oldestInFlight = Collections.unmodifiableMap(new LinkedHashMap<>(oldestInFlight));
    }

    /** The stem longest in one stage, when it entered it, and for how many whole seconds before {@code at}. */
    public record OldestInFlight(String stemId, Instant stageStartedAt, long ageSeconds) {
    }
}
