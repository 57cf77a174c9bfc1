package io.waveflow.bridge;

import io.waveflow.infra.EmbeddedKafka;
import io.waveflow.infra.EmbeddedSqs;
import org.springframework.context.SmartLifecycle;
import org.springframework.test.context.DynamicPropertyRegistry;

import java.util.List;

/** A test class's own Kafka and ElasticMQ, with the one queue the bridge sends every task to. */
record OutageServers(EmbeddedKafka kafka, EmbeddedSqs sqs, String queue) {

    static OutageServers start(String queue) {
        return new OutageServers(EmbeddedKafka.start(0, null), EmbeddedSqs.start(0, List.of(queue)), queue);
    }

    void register(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", kafka::bootstrapServers);
        registry.add("spring.cloud.aws.sqs.endpoint", sqs::endpoint);
        registry.add("spring.cloud.aws.region.static", sqs::region);
        registry.add("waveflow.bridge.sqs-queue-url", () -> sqs.queueUrl(queue));
    }

    /** For the test class's configuration: stops these servers after the bridge's listeners. */
    SmartLifecycle stopLast() {
        return BridgeServers.stopLast(kafka, sqs);
    }
}
