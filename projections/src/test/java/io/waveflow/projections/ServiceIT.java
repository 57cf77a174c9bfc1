package io.waveflow.projections;

import io.waveflow.infra.SharedInfra;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole service on the shared in-JVM broker and PostgreSQL. ITs extending this share one
 * application context (and so one read model), which saves a context start per class; each test
 * uses its own stem ids and asserts relative to what it wrote. The service's "now" is a
 * {@link TestClock} a test may stop (and must set running again).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(ServiceIT.Clocks.class)
abstract class ServiceIT {

    static final String DATABASE = "projections_service_it";

    static EventTopicsClient topics;

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        // Smaller batches than in production (ServiceProperties), so a rebuild takes many transactions.
        ServiceProperties.register(registry, SharedInfra.get().postgres(), DATABASE, "projections-service-it");
        registry.add("waveflow.projections.supervise-interval", () -> "200ms");
        registry.add("waveflow.projections.rebuild-switch-lag", () -> "300");
    }

    @BeforeAll
    static void connect() {
        topics = new EventTopicsClient(SharedInfra.get().kafka().bootstrapServers());
    }

    @AfterAll
    static void disconnect() {
        topics.close();
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class Clocks {

        @Bean
        @Primary
        TestClock testClock() {
            return new TestClock();
        }
    }
}
