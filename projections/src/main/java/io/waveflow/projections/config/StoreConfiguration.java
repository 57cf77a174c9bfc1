package io.waveflow.projections.config;

import io.waveflow.projections.store.StemProjector;
import io.waveflow.projections.store.StemQueries;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** JDBC wiring of the read model; the schema itself is Flyway's {@code db/migration}. */
@Configuration(proxyBeanMethods = false)
class StoreConfiguration {

    @Bean
    StemProjector stemProjector(JdbcTemplate jdbc, PlatformTransactionManager transactionManager) {
        return new StemProjector(jdbc, new TransactionTemplate(transactionManager));
    }

    @Bean
    StemQueries stemQueries(JdbcTemplate jdbc) {
        return new StemQueries(jdbc);
    }
}
