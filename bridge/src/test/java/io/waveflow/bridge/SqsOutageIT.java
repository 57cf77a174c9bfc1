package io.waveflow.bridge;

import io.waveflow.infra.SharedInfra;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@link SqsOutageITSupport}'s 30-second SQS outage against a standard queue, the bridge's default
 * ({@code SQS_QUEUE_URL}): every one of the 500 task ids arrives.
 */
class SqsOutageIT extends SqsOutageITSupport {

    private static final OutageServers SERVERS = OutageServers.start(SharedInfra.AUDIO_PROCESS_QUEUE);

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
