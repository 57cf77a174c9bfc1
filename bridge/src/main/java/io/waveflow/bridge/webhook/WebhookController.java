package io.waveflow.bridge.webhook;

import io.waveflow.bridge.inbound.InboundPublisher;
import io.waveflow.bridge.inbound.WebhookRequest;
import io.waveflow.contracts.inbound.InboundEvent;
import io.waveflow.contracts.webhook.WebhookSignature;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.util.function.Function;

/**
 * The seed's HTTP API (DESIGN.md §2): uploaders and Celery workers report facts here; each
 * becomes an inbound event on Kafka before the sender gets its 2xx. The body is read raw,
 * bounded and signature-checked by the {@link WebhookGate}, because its bytes are what was
 * signed and what decides the event id.
 */
@RestController
public class WebhookController implements WebhookApi {

    private final WebhookGate gate;
    private final InboundPublisher publisher;

    public WebhookController(WebhookGate gate, InboundPublisher publisher) {
        this.gate = gate;
        this.publisher = publisher;
    }

    @Override
    @PostMapping(path = "/upload-complete", consumes = MediaType.APPLICATION_JSON_VALUE)
    public WebhookAccepted uploadComplete(HttpServletRequest request,
                                          @RequestHeader(name = WebhookSignature.HEADER, required = false)
                                          String signature,
                                          @RequestHeader(name = WebhookMapper.IDEMPOTENCY_KEY, required = false)
                                          String idempotencyKey) throws IOException {
        return accept(request, signature, idempotencyKey, WebhookMapper::uploadCompleted, "Processing started");
    }

    @Override
    @PostMapping(path = "/webhook/hash-check", consumes = MediaType.APPLICATION_JSON_VALUE)
    public WebhookAccepted hashCheck(HttpServletRequest request,
                                     @RequestHeader(name = WebhookSignature.HEADER, required = false)
                                     String signature,
                                     @RequestHeader(name = WebhookMapper.IDEMPOTENCY_KEY, required = false)
                                     String idempotencyKey) throws IOException {
        return accept(request, signature, idempotencyKey, WebhookMapper::hashReported, "Hash check received");
    }

    @Override
    @PostMapping(path = "/webhook/completion", consumes = MediaType.APPLICATION_JSON_VALUE)
    public WebhookAccepted completion(HttpServletRequest request,
                                      @RequestHeader(name = WebhookSignature.HEADER, required = false)
                                      String signature,
                                      @RequestHeader(name = WebhookMapper.IDEMPOTENCY_KEY, required = false)
                                      String idempotencyKey) throws IOException {
        return accept(request, signature, idempotencyKey, WebhookMapper::processingCompleted, "Completion received");
    }

    private WebhookAccepted accept(HttpServletRequest request, String signature, String idempotencyKey,
                                   Function<WebhookRequest, ? extends InboundEvent> mapping, String message)
            throws IOException {
        WebhookRequest admitted = gate.admit(request.getInputStream(), request.getContentLengthLong(), signature,
                idempotencyKey);
        InboundEvent event = mapping.apply(admitted);
        publisher.publish(event);
        return WebhookAccepted.success(message, event.id());
    }
}
