package io.waveflow.bridge.config;

import io.waveflow.bridge.webhook.InboundPublisher;
import io.waveflow.contracts.inbound.InboundEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaTemplate;

/** The webhook side: controllers publish through one acknowledged-send publisher. */
@Configuration(proxyBeanMethods = false)
public class WebhookConfig {

    @Bean
    InboundPublisher inboundPublisher(KafkaTemplate<String, InboundEvent> inboundTemplate, BridgeSettings settings) {
        return new InboundPublisher(inboundTemplate, settings.publishTimeout());
    }
}
