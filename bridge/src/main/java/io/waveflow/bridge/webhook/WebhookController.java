package io.waveflow.bridge.webhook;

import io.waveflow.contracts.inbound.InboundEvent;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.util.function.Function;

/**
 * The seed's HTTP API (DESIGN.md §2): uploaders and Celery workers report facts here; each
 * becomes an inbound event on Kafka before the sender gets its 2xx. The body is taken raw
 * because its bytes decide the event id.
 */
@RestController
public class WebhookController {

    private final InboundPublisher publisher;
    private final Clock clock;

    public WebhookController(InboundPublisher publisher, Clock clock) {
        this.publisher = publisher;
        this.clock = clock;
    }

    @PostMapping(path = "/upload-complete", consumes = MediaType.APPLICATION_JSON_VALUE)
    public WebhookAccepted uploadComplete(@RequestBody byte[] body,
                                          @RequestHeader(name = WebhookMapper.IDEMPOTENCY_KEY, required = false)
                                          String idempotencyKey) {
        return accept(body, idempotencyKey, WebhookMapper::uploadCompleted, "Processing started");
    }

    @PostMapping(path = "/webhook/hash-check", consumes = MediaType.APPLICATION_JSON_VALUE)
    public WebhookAccepted hashCheck(@RequestBody byte[] body,
                                     @RequestHeader(name = WebhookMapper.IDEMPOTENCY_KEY, required = false)
                                     String idempotencyKey) {
        return accept(body, idempotencyKey, WebhookMapper::hashReported, "Hash check received");
    }

    @PostMapping(path = "/webhook/completion", consumes = MediaType.APPLICATION_JSON_VALUE)
    public WebhookAccepted completion(@RequestBody byte[] body,
                                      @RequestHeader(name = WebhookMapper.IDEMPOTENCY_KEY, required = false)
                                      String idempotencyKey) {
        return accept(body, idempotencyKey, WebhookMapper::processingCompleted, "Completion received");
    }

    private WebhookAccepted accept(byte[] body, String idempotencyKey,
                                   Function<WebhookRequest, ? extends InboundEvent> mapping, String message) {
        InboundEvent event = mapping.apply(WebhookRequest.of(body, idempotencyKey, clock));
        publisher.publish(event);
        return WebhookAccepted.success(message, event.id());
    }
}
