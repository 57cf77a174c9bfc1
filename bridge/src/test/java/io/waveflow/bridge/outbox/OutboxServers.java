package io.waveflow.bridge.outbox;

import io.waveflow.infra.EmbeddedKafka;
import io.waveflow.infra.EmbeddedPostgres;
import io.waveflow.infra.EmbeddedSqs;
import io.waveflow.infra.SharedInfra;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Kafka, ElasticMQ and PostgreSQL (wal_level=logical) for the outbox ITs, started once per JVM on
 * free ports and closed at its exit, after the bridges the tests started themselves.
 */
final class OutboxServers {

    static final String DATABASE = "waveflow";

    private static OutboxServers instance;

    private final EmbeddedKafka kafka;
    private final EmbeddedSqs sqs;
    private final EmbeddedPostgres postgres;

    private OutboxServers(EmbeddedKafka kafka, EmbeddedSqs sqs, EmbeddedPostgres postgres) {
        this.kafka = kafka;
        this.sqs = sqs;
        this.postgres = postgres;
    }

    static synchronized OutboxServers get() {
        if (instance == null) {
            CompletableFuture<EmbeddedSqs> sqs = CompletableFuture.supplyAsync(() -> EmbeddedSqs.start(0,
                    List.of(SharedInfra.AUDIO_PROCESS_QUEUE)));
            CompletableFuture<EmbeddedPostgres> postgres = CompletableFuture.supplyAsync(() -> {
                EmbeddedPostgres server = EmbeddedPostgres.start(0, null);
                server.createDatabaseIfMissing(DATABASE);
                return server;
            });
            EmbeddedKafka kafka = EmbeddedKafka.start(0, null);
            OutboxServers servers = new OutboxServers(kafka, sqs.join(), postgres.join());
            Runtime.getRuntime().addShutdownHook(new Thread(servers::close, "outbox-it-servers-stop"));
            instance = servers;
        }
        return instance;
    }

    EmbeddedKafka kafka() {
        return kafka;
    }

    EmbeddedSqs sqs() {
        return sqs;
    }

    EmbeddedPostgres postgres() {
        return postgres;
    }

    String jdbcUrl() {
        return postgres.jdbcUrl(DATABASE);
    }

    private void close() {
        kafka.close();
        sqs.close();
        postgres.close();
    }
}
