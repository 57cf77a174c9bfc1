package io.waveflow.local;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Where a {@link LocalStack} puts everything: the ports of its three servers and three services
 * (all on 127.0.0.1), the data directory that survives restarts, and the repository whose
 * service jars it runs.
 *
 * @param kafkaPort           Kafka's PLAINTEXT listener
 * @param sqsPort             the SQS (ElasticMQ) endpoint
 * @param postgresPort        PostgreSQL
 * @param bridgePort          the bridge's HTTP port
 * @param workflowStreamsPort workflow-streams' HTTP port
 * @param projectionsPort     the projections' HTTP port
 * @param dataDir             Kafka log, PostgreSQL cluster, Streams state and service logs
 * @param repoRoot            the checkout holding {@code <module>/target/<module>-<version>-exec.jar}
 * @param startupTimeout      how long each service may take to report {@code UP}
 */
public record LocalStackSettings(
        int kafkaPort,
        int sqsPort,
        int postgresPort,
        int bridgePort,
        int workflowStreamsPort,
        int projectionsPort,
        Path dataDir,
        Path repoRoot,
        Duration startupTimeout) {

    public static final int DEFAULT_KAFKA_PORT = 9092;
    public static final int DEFAULT_SQS_PORT = 9324;
    public static final int DEFAULT_POSTGRES_PORT = 15432;
    public static final int DEFAULT_BRIDGE_PORT = 8080;
    public static final int DEFAULT_WORKFLOW_STREAMS_PORT = 8081;
    public static final int DEFAULT_PROJECTIONS_PORT = 8082;
    public static final Duration DEFAULT_STARTUP_TIMEOUT = Duration.ofSeconds(120);

    public LocalStackSettings {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(repoRoot, "repoRoot");
        Objects.requireNonNull(startupTimeout, "startupTimeout");
        dataDir = dataDir.toAbsolutePath().normalize();
        repoRoot = repoRoot.toAbsolutePath().normalize();
        if (startupTimeout.isNegative() || startupTimeout.isZero()) {
            throw new IllegalArgumentException("startupTimeout must be positive");
        }
        Map<Integer, String> owners = new HashMap<>();
        requirePort(owners, kafkaPort, "Kafka");
        requirePort(owners, sqsPort, "SQS");
        requirePort(owners, postgresPort, "PostgreSQL");
        requirePort(owners, bridgePort, Service.BRIDGE.module());
        requirePort(owners, workflowStreamsPort, Service.WORKFLOW_STREAMS.module());
        requirePort(owners, projectionsPort, Service.PROJECTIONS.module());
    }

    /** The documented ports (9092, 9324, 15432, 8080-8082) and a 120 s startup timeout. */
    public static LocalStackSettings defaults(Path dataDir, Path repoRoot) {
        return new LocalStackSettings(DEFAULT_KAFKA_PORT, DEFAULT_SQS_PORT, DEFAULT_POSTGRES_PORT,
                DEFAULT_BRIDGE_PORT, DEFAULT_WORKFLOW_STREAMS_PORT, DEFAULT_PROJECTIONS_PORT,
                dataDir, repoRoot, DEFAULT_STARTUP_TIMEOUT);
    }

    public int port(Service service) {
        return switch (service) {
            case BRIDGE -> bridgePort;
            case WORKFLOW_STREAMS -> workflowStreamsPort;
            case PROJECTIONS -> projectionsPort;
        };
    }

    private static void requirePort(Map<Integer, String> owners, int port, String owner) {
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException(owner + " port " + port + " is not between 1 and 65535");
        }
        String previous = owners.putIfAbsent(port, owner);
        if (previous != null) {
            throw new IllegalArgumentException(owner + " and " + previous + " cannot share port " + port);
        }
    }
}
