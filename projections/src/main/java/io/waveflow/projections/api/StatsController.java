package io.waveflow.projections.api;

import io.waveflow.projections.store.StemQueries;
import io.waveflow.projections.store.StemStats;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * What an operator watches: the read model counted by status and stage with the longest-waiting
 * in-flight stem per stage, and a per-minute timeline of outcomes. Both are aggregated in
 * PostgreSQL over the live generation, as of the injected clock.
 */
@RestController
@RequestMapping("/stats")
class StatsController {

    static final int DEFAULT_MINUTES = 60;
    static final int MAX_MINUTES = 1440;

    private final StemQueries queries;
    private final Clock clock;

    StatsController(StemQueries queries, Clock clock) {
        this.queries = queries;
        this.clock = clock;
    }

    @GetMapping
    StemStats stats(@RequestParam MultiValueMap<String, String> parameters) {
        QueryParameters.of(parameters, List.of());
        return queries.stats(clock.instant());
    }

    /** The last {@code minutes} minutes (1 to 1440, default 60), oldest first, the current one last. */
    @GetMapping("/timeline")
    Timeline timeline(@RequestParam MultiValueMap<String, String> parameters) {
        int minutes = QueryParameters.of(parameters, List.of("minutes"))
                .wholeNumber("minutes", 1, MAX_MINUTES, DEFAULT_MINUTES);
        Instant at = clock.instant();
        return new Timeline(at, queries.timeline(at, minutes));
    }
}
