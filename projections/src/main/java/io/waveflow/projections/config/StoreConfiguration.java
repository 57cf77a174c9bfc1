package io.waveflow.projections.config;

import io.waveflow.projections.generation.Generations;
import io.waveflow.projections.store.BatchObserver;
import io.waveflow.projections.store.DeadLetterSink;
import io.waveflow.projections.store.OffsetStore;
import io.waveflow.projections.store.StemProjector;
import io.waveflow.projections.store.StemQueries;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** JDBC wiring of the read model; the schema itself is Flyway's {@code db/migration}. */
@Configuration(proxyBeanMethods = false)
class StoreConfiguration {

    /** A test may contribute a {@link BatchObserver} bean (e.g. to inject a crash); none in production. */
    @Bean
    StemProjector stemProjector(JdbcTemplate jdbc, PlatformTransactionManager transactionManager,
                                DeadLetterSink deadLetters, ObjectProvider<BatchObserver> observer) {
        return new StemProjector(jdbc, new TransactionTemplate(transactionManager), deadLetters,
                observer.getIfAvailable(() -> BatchObserver.NONE));
    }

    @Bean
    StemQueries stemQueries(JdbcTemplate jdbc) {
        return new StemQueries(jdbc);
    }

    @Bean
    OffsetStore offsetStore(JdbcTemplate jdbc) {
        return new OffsetStore(jdbc);
    }

    @Bean
    Generations generations(JdbcTemplate jdbc, PlatformTransactionManager transactionManager, OffsetStore offsets,
                            ProjectionsSettings settings) {
        return new Generations(jdbc, new TransactionTemplate(transactionManager), offsets,
                settings.switchLockTimeout());
    }
}
