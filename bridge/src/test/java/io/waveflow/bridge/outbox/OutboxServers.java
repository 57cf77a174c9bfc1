package io.waveflow.bridge.outbox;

import io.waveflow.bridge.BridgeServers;
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

    private final BridgeServers servers;
    private final EmbeddedPostgres postgres;

    private OutboxServers(BridgeServers servers, EmbeddedPostgres postgres) {
        this.servers = servers;
        this.postgres = postgres;
    }

    static synchronized OutboxServers get() {
        if (instance == null) {
            CompletableFuture<EmbeddedPostgres> postgres = CompletableFuture.supplyAsync(() -> {
                EmbeddedPostgres server = EmbeddedPostgres.start(0, null);
                server.createDatabaseIfMissing(DATABASE);
                return server;
            });
            OutboxServers servers = new OutboxServers(BridgeServers.start(List.of(SharedInfra.AUDIO_PROCESS_QUEUE)),
                    postgres.join());
            Runtime.getRuntime().addShutdownHook(new Thread(servers::close, "outbox-it-servers-stop"));
            instance = servers;
        }
        return instance;
    }

    EmbeddedKafka kafka() {
        return servers.kafka();
    }

    EmbeddedSqs sqs() {
        return servers.sqs();
    }

    EmbeddedPostgres postgres() {
        return postgres;
    }

    String jdbcUrl() {
        return postgres.jdbcUrl(DATABASE);
    }

    private void close() {
        servers.close();
        postgres.close();
    }
}
