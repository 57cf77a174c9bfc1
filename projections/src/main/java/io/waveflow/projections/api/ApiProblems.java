package io.waveflow.projections.api;

import io.waveflow.projections.generation.RebuildInProgressException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Turns the API's refusals into RFC 9457 problem details (application/problem+json). */
@RestControllerAdvice
class ApiProblems {

    @ExceptionHandler
    ProblemDetail onStemNotFound(StemNotFoundException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
        problem.setTitle("Stem not found");
        problem.setProperty("stemId", e.stemId());
        return problem;
    }

    @ExceptionHandler
    ProblemDetail onBadParameter(BadParameterException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
        problem.setTitle("Bad query parameter");
        problem.setProperty("parameter", e.parameter());
        return problem;
    }

    @ExceptionHandler
    ProblemDetail onRebuildInProgress(RebuildInProgressException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
                "A rebuild is already running: " + e.getMessage() + ". Follow it with GET /admin/rebuild.");
        problem.setTitle("Rebuild already running");
        problem.setProperty("generation", e.generation());
        return problem;
    }

    @ExceptionHandler
    ProblemDetail onNoRebuild(NoRebuildException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
        problem.setTitle("No rebuild running");
        return problem;
    }
}
