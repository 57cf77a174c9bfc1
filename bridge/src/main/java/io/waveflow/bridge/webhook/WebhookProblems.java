package io.waveflow.bridge.webhook;

import io.waveflow.bridge.inbound.InvalidField;
import io.waveflow.bridge.inbound.InvalidWebhookException;
import io.waveflow.bridge.inbound.MalformedWebhookException;
import io.waveflow.bridge.inbound.PublishFailedException;
import io.waveflow.contracts.webhook.WebhookSignature;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import java.time.Duration;
import java.util.List;

/**
 * Every error is a real HTTP error with an RFC 9457 {@code application/problem+json} body
 * ({@code type, title, status, detail, instance}); validation errors add an {@code errors}
 * list naming each bad field: 400 for bad JSON or fields, 401 for a missing or invalid signature,
 * 413 for a body over the limit, 503 with {@code Retry-After} when Kafka did not acknowledge.
 * Spring's own errors (415, 405, unreadable body) come from the base class in the same shape.
 */
@RestControllerAdvice
public class WebhookProblems extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(WebhookProblems.class);
    /** RFC 9110 asks a 401 to name the scheme; this one is the bridge's own (bridge/WEBHOOKS.md). */
    static final String WWW_AUTHENTICATE = "WaveflowSignature header=\"" + WebhookSignature.HEADER + "\"";

    private final long retryAfterSeconds;

    /** @param retryAfter the {@code Retry-After} a sender gets when Kafka did not acknowledge its event */
    public WebhookProblems(Duration retryAfter) {
        this.retryAfterSeconds = Math.max(1, retryAfter.toSeconds());
    }

    @ExceptionHandler(InvalidWebhookException.class)
    ResponseEntity<ProblemDetail> invalid(InvalidWebhookException e, HttpServletRequest request) {
        log.info("Rejected {} {}: {}", request.getMethod(), request.getRequestURI(), e.errors());
        return problem(HttpStatus.BAD_REQUEST, "Invalid webhook payload", e.getMessage(), e.errors());
    }

    @ExceptionHandler(MalformedWebhookException.class)
    ResponseEntity<ProblemDetail> malformed(MalformedWebhookException e, HttpServletRequest request) {
        log.info("Rejected {} {}: {}", request.getMethod(), request.getRequestURI(), e.getMessage());
        return problem(HttpStatus.BAD_REQUEST, "Malformed JSON", e.getMessage(),
                List.of(new InvalidField("$", e.getMessage())));
    }

    @ExceptionHandler(UnauthenticatedWebhookException.class)
    ResponseEntity<ProblemDetail> unauthenticated(UnauthenticatedWebhookException e, HttpServletRequest request) {
        log.info("Refused {} {} from {}: {}", request.getMethod(), request.getRequestURI(), request.getRemoteAddr(),
                e.getMessage());
        ResponseEntity<ProblemDetail> problem = problem(HttpStatus.UNAUTHORIZED, "Invalid webhook signature",
                e.getMessage(), List.of(new InvalidField(WebhookSignature.HEADER, e.getMessage())));
        return ResponseEntity.status(HttpStatus.UNAUTHORIZED)
                .header(HttpHeaders.WWW_AUTHENTICATE, WWW_AUTHENTICATE)
                .body(problem.getBody());
    }

    @ExceptionHandler(PayloadTooLargeException.class)
    ResponseEntity<ProblemDetail> tooLarge(PayloadTooLargeException e, HttpServletRequest request) {
        log.info("Refused {} {}: {}", request.getMethod(), request.getRequestURI(), e.getMessage());
        return problem(HttpStatus.CONTENT_TOO_LARGE, "Payload too large", e.getMessage(),
                List.of(new InvalidField("$", e.getMessage())));
    }

    @ExceptionHandler(PublishFailedException.class)
    ResponseEntity<ProblemDetail> unavailable(PublishFailedException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                "The event log did not acknowledge the event; send the same webhook again later.");
        problem.setTitle("Event log unavailable");
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, String.valueOf(retryAfterSeconds))
                .body(problem);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e, HttpServletRequest request) {
        log.error("Failed {} {}", request.getMethod(), request.getRequestURI(), e);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
                "The bridge could not handle the request.");
        problem.setTitle("Internal error");
        return ResponseEntity.internalServerError().body(problem);
    }

    private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String title, String detail,
                                                         List<InvalidField> errors) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        problem.setProperty("errors", errors);
        return ResponseEntity.status(status).body(problem);
    }
}
