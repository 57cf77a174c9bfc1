package io.waveflow.projections;

import io.waveflow.infra.EmbeddedPostgres;
import io.waveflow.infra.SharedInfra;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The settings every in-JVM projections IT starts the service with: the shared broker, its own
 * database and consumer group, and smaller batches and shorter polls than in production, so a
 * test sees many transactions and fast turns. Each IT adds what is particular to it.
 */
final class ServiceProperties {

    private ServiceProperties() {
    }

    static void register(DynamicPropertyRegistry registry, EmbeddedPostgres postgres, String database,
                         String consumerGroup) {
        postgres.createDatabaseIfMissing(database);
        registry.add("spring.kafka.bootstrap-servers", SharedInfra.get().kafka()::bootstrapServers);
        registry.add("spring.datasource.url", () -> postgres.jdbcUrl(database));
        registry.add("spring.datasource.username", postgres::username);
        registry.add("spring.datasource.password", postgres::password);
        registry.add("spring.kafka.consumer.max-poll-records", () -> "200");
        registry.add("waveflow.projections.consumer-group", () -> consumerGroup);
        registry.add("waveflow.projections.poll-timeout", () -> "200ms");
        registry.add("waveflow.api.tokens", () -> TestTokens.SETTING);
    }
}
