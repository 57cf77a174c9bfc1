package io.waveflow.bridge.config;

import io.waveflow.bridge.inbound.InboundPublisher;
import io.waveflow.bridge.webhook.WebhookGate;
import io.waveflow.bridge.webhook.WebhookProblems;
import io.waveflow.contracts.inbound.InboundEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaTemplate;

import java.time.Clock;

/**
 * The webhook side: a gate that bounds and authenticates each request, the problem answers, and
 * one acknowledged-send publisher (the outbox publishes through it too). Switching signature
 * checks off is possible only explicitly, and is shouted at start.
 */
@Configuration(proxyBeanMethods = false)
public class WebhookConfig {

    private static final Logger log = LoggerFactory.getLogger(WebhookConfig.class);

    @Bean
    WebhookGate webhookGate(BridgeSettings settings, Clock clock) {
        BridgeSettings.Webhook webhook = settings.webhook();
        if (webhook.verifySignatures()) {
            log.info("Webhook signatures are verified with {} active secret(s), tolerance {}, body limit {} bytes",
                    webhook.secrets().size(), webhook.signatureTolerance(), webhook.maxBodySize().toBytes());
        } else {
            log.warn("Webhook signature verification is OFF (waveflow.bridge.webhook.verify-signatures=false, "
                    + "WAVEFLOW_WEBHOOK_VERIFY=false): anyone who reaches this port can write inbound events. "
                    + "Use this for development only.");
        }
        return new WebhookGate(Math.toIntExact(webhook.maxBodySize().toBytes()), webhook.verifySignatures(),
                webhook.secrets(), webhook.signatureTolerance(), clock);
    }

    /**
     * Named like the component scan names the advice, so this definition, with its plain value,
     * replaces the scanned one.
     */
    @Bean
    WebhookProblems webhookProblems(BridgeSettings settings) {
        return new WebhookProblems(settings.retryAfter());
    }

    @Bean
    InboundPublisher inboundPublisher(KafkaTemplate<String, InboundEvent> inboundTemplate, BridgeSettings settings) {
        return new InboundPublisher(inboundTemplate, settings.publishTimeout());
    }
}
