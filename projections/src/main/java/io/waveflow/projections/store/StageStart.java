package io.waveflow.projections.store;

import java.time.Instant;

/**
 * Where a stem stands in the "stuck" order: when its current stage started, then its id. Rows
 * last written before migration V3 have no {@code stage_started_at}; their {@code updated_at}
 * stands in for it, here and in SQL ({@link StemQueries}), so they are still listed.
 */
public record StageStart(Instant startedAt, String stemId) {

    public StageStart {
        if (startedAt == null || stemId == null) {
            throw new IllegalArgumentException("a stage start needs a time and a stem id");
        }
    }

    /** The position of {@code stem}, as the stuck listing orders it. */
    public static StageStart of(Stem stem) {
        return new StageStart(stem.stageStartedAt() != null ? stem.stageStartedAt() : stem.updatedAt(), stem.stemId());
    }
}
