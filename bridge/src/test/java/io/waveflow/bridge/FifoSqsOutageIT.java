package io.waveflow.bridge;

import io.waveflow.infra.SharedInfra;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@link SqsOutageITSupport}'s 30-second SQS outage with a FIFO queue as the bridge's default
 * ({@code SQS_QUEUE_URL=…/waveflow-audio-process-queue.fifo}): every task id arrives, and none twice.
 */
class FifoSqsOutageIT extends SqsOutageITSupport {

    private static final OutageServers SERVERS = OutageServers.start(SharedInfra.AUDIO_PROCESS_FIFO_QUEUE);

    @DynamicPropertySource
    static void ownServers(DynamicPropertyRegistry registry) {
        SERVERS.register(registry);
    }

    @Override
    OutageServers servers() {
        return SERVERS;
    }

    @TestConfiguration
    static class StopServersLast {

        @Bean
        SmartLifecycle outageServers() {
            return SERVERS.stopLast();
        }
    }
}
