package io.waveflow.projections.api;

import io.waveflow.projections.store.HistoryEntry;
import io.waveflow.projections.store.StageStart;
import io.waveflow.projections.store.Stem;
import io.waveflow.projections.store.StemQueries;
import io.waveflow.projections.store.StemSlice;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.util.List;

/**
 * Serves the stem read model: one stem's current row with the seed entity's field names, a
 * filtered and paged listing (in stem id order, or with {@code stuckFor} the stems waiting longest
 * in their stage, as of the injected clock), and the events that built a stem. Errors are RFC 9457
 * problems ({@link ApiProblems}).
 */
@RestController
@RequestMapping("/stems")
class StemController {

    private final StemQueries queries;
    private final Clock clock;

    StemController(StemQueries queries, Clock clock) {
        this.queries = queries;
        this.clock = clock;
    }

    @GetMapping
    StemPage list(@RequestParam MultiValueMap<String, String> parameters) {
        StemListRequest request = StemListRequest.parse(parameters);
        if (request.stuckFor() == null) {
            StemSlice slice = queries.list(request.filter(), request.afterStemId(), request.limit());
            return new StemPage(slice.stems(), slice.more() ? Cursor.after(last(slice).stemId()) : null);
        }
        StemSlice slice = queries.stuck(request.filter(), clock.instant().minus(request.stuckFor()),
                request.afterStageStart(), request.limit());
        return new StemPage(slice.stems(), slice.more() ? Cursor.after(StageStart.of(last(slice))) : null);
    }

    @GetMapping("/{stemId}")
    Stem stem(@PathVariable String stemId) {
        return queries.findStem(stemId).orElseThrow(() -> new StemNotFoundException(stemId));
    }

    private static Stem last(StemSlice slice) {
        return slice.stems().get(slice.stems().size() - 1);
    }

    /** Also answers for a stem with only rejected or history-only events, which has history but no row. */
    @GetMapping("/{stemId}/history")
    List<HistoryEntry> history(@PathVariable String stemId) {
        List<HistoryEntry> history = queries.history(stemId);
        if (history.isEmpty()) {
            throw new StemNotFoundException(stemId);
        }
        return history;
    }
}
