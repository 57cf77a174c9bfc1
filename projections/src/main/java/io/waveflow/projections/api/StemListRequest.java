package io.waveflow.projections.api;

import io.waveflow.projections.store.StageStart;
import io.waveflow.projections.store.StemChanges;
import io.waveflow.projections.store.StemFilter;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

/**
 * The validated query of {@code GET /stems}: optional filters, a page size and where to continue.
 * Without {@code stuckFor} it lists in stem id order and continues after {@code afterStemId};
 * with it, only stems whose current stage started longer ago than that, the longest-waiting
 * first, continuing after {@code afterStageStart}. Every rule names the parameter it refuses
 * ({@link QueryParameters}).
 */
record StemListRequest(StemFilter filter, int limit, String afterStemId, Duration stuckFor,
                       StageStart afterStageStart) {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 500;
    /** Longer than any stage is ever awaited, and far from the edge of what the database can subtract. */
    static final Duration MAX_STUCK_FOR = Duration.ofDays(3650);

    private static final List<String> PARAMETERS = List.of("userId", "trackId", "status", "stage", "stuckFor",
            "limit", "cursor");

    static StemListRequest parse(Map<String, List<String>> parameters) {
        QueryParameters query = QueryParameters.of(parameters, PARAMETERS);
        String status = query.oneOf("status", StemChanges.STATUSES);
        String stage = query.oneOf("stage", StemChanges.STAGES);
        Duration stuckFor = stuckFor(query.single("stuckFor"));
        if (stuckFor != null && StemChanges.STAGE_DONE.equals(stage)) {
            throw new BadParameterException("stage", "cannot be done with stuckFor: a done stem waits for nothing");
        }
        StemFilter filter = new StemFilter(query.single("userId"), query.single("trackId"), status, stage);
        int limit = query.wholeNumber("limit", 1, MAX_LIMIT, DEFAULT_LIMIT);
        String cursor = query.single("cursor");
        if (stuckFor == null) {
            return new StemListRequest(filter, limit, cursor == null ? null : Cursor.stemIdOf(cursor), null, null);
        }
        return new StemListRequest(filter, limit, null, stuckFor, cursor == null ? null : Cursor.stageStartOf(cursor));
    }

    private static Duration stuckFor(String text) {
        if (text == null) {
            return null;
        }
        Duration duration;
        try {
            duration = Duration.parse(text);
        } catch (DateTimeParseException e) {
            throw new BadParameterException("stuckFor", "must be an ISO-8601 duration such as PT10M");
        }
        if (duration.isNegative() || duration.isZero() || duration.compareTo(MAX_STUCK_FOR) > 0) {
            throw new BadParameterException("stuckFor", "must be a positive ISO-8601 duration (such as PT10M)"
                    + " of at most P3650D");
        }
        return duration;
    }
}
