package io.waveflow.projections.api;

import io.waveflow.projections.store.HistoryEntry;
import io.waveflow.projections.store.Stem;
import io.waveflow.projections.store.StemQueries;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/**
 * Serves the stem read model: a stem's current row with the seed entity's field names, and the
 * workflow events that built it. An unknown stem is an RFC 9457 problem, not an empty success.
 */
@RestController
@RequestMapping("/stems")
class StemController {

    private final StemQueries queries;

    StemController(StemQueries queries) {
        this.queries = queries;
    }

    @GetMapping("/{stemId}")
    Stem stem(@PathVariable String stemId) {
        return queries.findStem(stemId).orElseThrow(() -> new StemNotFoundException(stemId));
    }

    /** Also answers for a stem with only rejected events, which has history but no row. */
    @GetMapping("/{stemId}/history")
    List<HistoryEntry> history(@PathVariable String stemId) {
        List<HistoryEntry> history = queries.history(stemId);
        if (history.isEmpty()) {
            throw new StemNotFoundException(stemId);
        }
        return history;
    }

    @ExceptionHandler
    ProblemDetail onStemNotFound(StemNotFoundException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
        problem.setTitle("Stem not found");
        problem.setProperty("stemId", e.stemId());
        return problem;
    }
}
