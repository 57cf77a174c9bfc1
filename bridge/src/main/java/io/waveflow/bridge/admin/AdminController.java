package io.waveflow.bridge.admin;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.waveflow.bridge.inbound.InboundPublisher;
import io.waveflow.contracts.inbound.CancelRequested;
import io.waveflow.contracts.inbound.InboundEvent;
import io.waveflow.contracts.inbound.RetryRequested;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.time.Clock;

/**
 * The operators' control commands (bridge/ADMIN.md): retry or cancel one stem. Each becomes a
 * {@code RetryRequested} or {@code CancelRequested} inbound event, stored on Kafka before the
 * 202; the workflow topology decides what it does (and records a refusal as {@code
 * EventRejected}). Who asked is the admin token's name; security config guards {@code /admin/**}.
 */
@RestController
@Tag(name = "admin", description = "Operators' control commands; need an admin token of WAVEFLOW_API_TOKENS "
        + "(Authorization: Bearer). The workflow decides; see bridge/ADMIN.md.")
public class AdminController {

    private final InboundPublisher publisher;
    private final Clock clock;

    public AdminController(InboundPublisher publisher, Clock clock) {
        this.publisher = publisher;
        this.clock = clock;
    }

    @Operation(summary = "Retry a failed or stuck stem: a new attempt of the stage it failed or waits in",
            description = "Optional JSON body {\"reason\": \"...\"} (at most 500 characters). 202 once Kafka has "
                    + "the RetryRequested event; a completed, settled, deleted or cancelled stem's retry is "
                    + "rejected by the workflow (EventRejected in the stem's history).")
    @PostMapping("/admin/stems/{stemId}/retry")
    @ResponseStatus(HttpStatus.ACCEPTED)
    public CommandAccepted retry(@PathVariable String stemId, @Parameter(hidden = true) HttpServletRequest request,
                                 @RequestHeader(name = ControlCommands.IDEMPOTENCY_KEY, required = false)
                                 String idempotencyKey,
                                 @Parameter(hidden = true) Authentication authentication) throws IOException {
        ControlCommands.Command command = ControlCommands.read(RetryRequested.class, stemId, idempotencyKey,
                request.getInputStream());
        return publish(new RetryRequested(command.eventId(), command.time(clock), stemId, authentication.getName(),
                command.reason()));
    }

    @Operation(summary = "Cancel a stem in flight or failed: it ends as cancelled and its hash claim is released",
            description = "Optional JSON body {\"reason\": \"...\"} (at most 500 characters). 202 once Kafka has "
                    + "the CancelRequested event; later webhooks for the stem are rejected.")
    @PostMapping("/admin/stems/{stemId}/cancel")
    @ResponseStatus(HttpStatus.ACCEPTED)
    public CommandAccepted cancel(@PathVariable String stemId, @Parameter(hidden = true) HttpServletRequest request,
                                  @RequestHeader(name = ControlCommands.IDEMPOTENCY_KEY, required = false)
                                  String idempotencyKey,
                                  @Parameter(hidden = true) Authentication authentication) throws IOException {
        ControlCommands.Command command = ControlCommands.read(CancelRequested.class, stemId, idempotencyKey,
                request.getInputStream());
        return publish(new CancelRequested(command.eventId(), command.time(clock), stemId, authentication.getName(),
                command.reason()));
    }

    private CommandAccepted publish(InboundEvent event) {
        publisher.publish(event);
        return CommandAccepted.of(event.id());
    }
}
