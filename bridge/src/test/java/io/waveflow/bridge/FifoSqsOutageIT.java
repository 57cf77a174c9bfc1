package io.waveflow.bridge;

import io.waveflow.infra.EmbeddedKafka;
import io.waveflow.infra.EmbeddedSqs;
import io.waveflow.infra.SharedInfra;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.util.List;

/**
 * {@link SqsOutageITSupport}'s 30-second SQS outage with a FIFO queue as the bridge's default
 * ({@code SQS_QUEUE_URL=…/waveflow-audio-process-queue.fifo}): every task id arrives, and none twice.
 */
class FifoSqsOutageIT extends SqsOutageITSupport {

    private static final String QUEUE = SharedInfra.AUDIO_PROCESS_FIFO_QUEUE;
    private static final EmbeddedKafka KAFKA = EmbeddedKafka.start(0, null);
    private static final EmbeddedSqs SQS = EmbeddedSqs.start(0, List.of(QUEUE));

    @DynamicPropertySource
    static void ownServers(DynamicPropertyRegistry registry) {
        servers(registry, KAFKA, SQS, QUEUE);
    }

    @Override
    EmbeddedKafka kafka() {
        return KAFKA;
    }

    @Override
    EmbeddedSqs sqsServer() {
        return SQS;
    }

    @Override
    String queueName() {
        return QUEUE;
    }

    @TestConfiguration
    static class StopServersLast {

        @Bean
        SmartLifecycle outageServers() {
            return BridgeServers.stopLast(KAFKA, SQS);
        }
    }
}
