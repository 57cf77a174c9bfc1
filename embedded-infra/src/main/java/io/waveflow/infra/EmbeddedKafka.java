package io.waveflow.infra;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka broker in KRaft combined mode (broker and controller in this JVM),
 * listening on 127.0.0.1 only, for the local stack and for ITs that need transactions,
 * consumer groups and restarts that keep the log. {@link #startWithSasl} makes the client
 * listener SASL_PLAINTEXT (mechanism PLAIN, one user), for ITs of clients configured for an
 * authenticating broker; the controller listener stays PLAINTEXT.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafka.class);

    private static final int NODE_ID = 1;
    private static final String CONTROLLER_LISTENER = "CONTROLLER";
    private static final String PLAINTEXT = "PLAINTEXT";
    private static final String SASL_PLAINTEXT = "SASL_PLAINTEXT";
    private static final String PLAIN_MECHANISM = "PLAIN";

    /** The one user a SASL broker accepts, with mechanism PLAIN. */
    public record SaslUser(String username, String password) {

        public SaslUser {
            Objects.requireNonNull(username, "username");
            Objects.requireNonNull(password, "password");
            if (username.contains("\"") || password.contains("\"")) {
                throw new IllegalArgumentException("a JAAS value cannot contain a double quote");
            }
        }

        /** The client's {@code sasl.jaas.config} for this user. */
        public String jaasConfig() {
            return login("");
        }

        /** The broker logs in as the user and accepts only it ({@code user_<name>="<password>"}). */
        String brokerJaasConfig() {
            return login(" user_" + username + "=\"" + password + "\"");
        }

        private String login(String more) {
            return "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + username
                    + "\" password=\"" + password + "\"" + more + ";";
        }
    }

    private final int port;
    private final int controllerPort;
    private final Path dataDir;
    private final boolean ownsDataDir;
    private final SaslUser saslUser;
    private KafkaRaftServer server;
    private boolean closed;

    private EmbeddedKafka(int port, int controllerPort, Path dataDir, boolean ownsDataDir, SaslUser saslUser) {
        this.port = port;
        this.controllerPort = controllerPort;
        this.dataDir = dataDir;
        this.ownsDataDir = ownsDataDir;
        this.saslUser = saslUser;
    }

    /**
     * Starts a broker on {@code 127.0.0.1:port}.
     *
     * @param port    the PLAINTEXT port, or 0 for a free one
     * @param dataDir the log directory; formatted on first use and reused afterwards, or
     *                {@code null} for a temp directory deleted by {@link #close()}
     */
    public static EmbeddedKafka start(int port, Path dataDir) {
        return start(port, dataDir, null);
    }

    /**
     * Starts a broker whose client listener on {@code 127.0.0.1:port} is SASL_PLAINTEXT with
     * mechanism PLAIN and accepts only {@code user}; {@link #clientConfig()} has what a client needs.
     *
     * @param port    the SASL_PLAINTEXT port, or 0 for a free one
     * @param dataDir as in {@link #start(int, Path)}
     */
    public static EmbeddedKafka startWithSasl(int port, Path dataDir, SaslUser user) {
        return start(port, dataDir, Objects.requireNonNull(user, "user"));
    }

    private static EmbeddedKafka start(int port, Path dataDir, SaslUser saslUser) {
        boolean ownsDataDir = dataDir == null;
        Path dir = ownsDataDir ? TempDirs.create("embedded-kafka-") : dataDir.toAbsolutePath();
        EmbeddedKafka kafka = new EmbeddedKafka(FreePorts.orPick(port), FreePorts.pick(), dir, ownsDataDir,
                saslUser);
        try {
            kafka.formatIfNeeded();
            kafka.restart();
            return kafka;
        } catch (RuntimeException e) {
            kafka.close();
            throw e;
        }
    }

    /** The {@code bootstrap.servers} value for clients. */
    public String bootstrapServers() {
        return FreePorts.LOOPBACK + ":" + port;
    }

    public int port() {
        return port;
    }

    /** {@code PLAINTEXT}, or {@code SASL_PLAINTEXT} for a broker from {@link #startWithSasl}. */
    public String securityProtocol() {
        return saslUser == null ? PLAINTEXT : SASL_PLAINTEXT;
    }

    /**
     * What a client needs to connect: {@code bootstrap.servers}, and for a SASL broker its
     * {@code security.protocol}, {@code sasl.mechanism} and {@code sasl.jaas.config}.
     */
    public Map<String, Object> clientConfig() {
        if (saslUser == null) {
            Map<String, Object> config = new HashMap<>();
            config.put("bootstrap.servers", bootstrapServers());
            return config;
        }
        return clientConfigAs(saslUser);
    }

    /**
     * A SASL client's configuration logging in as {@code user}, who may not be the one this broker
     * accepts: for tests that the broker refuses anyone else.
     */
    public Map<String, Object> clientConfigAs(SaslUser user) {
        Map<String, Object> config = new HashMap<>();
        config.put("bootstrap.servers", bootstrapServers());
        config.put("security.protocol", SASL_PLAINTEXT);
        config.put("sasl.mechanism", PLAIN_MECHANISM);
        config.put("sasl.jaas.config", user.jaasConfig());
        return config;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** Shuts the broker down but keeps its data and ports, so {@link #restart()} can bring it back. */
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        long started = System.nanoTime();
        server.shutdown();
        server.awaitShutdown();
        server = null;
        log.info("Kafka on {} stopped in {} ms", bootstrapServers(), (System.nanoTime() - started) / 1_000_000);
    }

    /** Starts the broker again on the same ports with the same data; a no-op while it runs. */
    public synchronized void restart() {
        if (closed) {
            throw new IllegalStateException("Kafka on " + bootstrapServers() + " is closed");
        }
        if (server != null) {
            return;
        }
        long started = System.nanoTime();
        // A KafkaConfig carries dynamic state from the server that used it, so every start gets a fresh one.
        KafkaRaftServer raftServer = new KafkaRaftServer(KafkaConfig.fromProps(config(), false), Time.SYSTEM);
        try {
            // Returns once the broker is unfenced, so clients can use it right away.
            raftServer.startup();
        } catch (RuntimeException e) {
            raftServer.shutdown();
            throw e;
        }
        server = raftServer;
        log.info("Kafka on {} ({}, controller port {}, data {}) started in {} ms",
                bootstrapServers(), securityProtocol(), controllerPort, dataDir,
                (System.nanoTime() - started) / 1_000_000);
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        stop();
        closed = true;
        if (ownsDataDir) {
            TempDirs.delete(dataDir);
        }
    }

    private void formatIfNeeded() {
        if (Files.exists(dataDir.resolve("meta.properties"))) {
            log.info("Reusing formatted Kafka data directory {}", dataDir);
            return;
        }
        // The formatter reports to a PrintStream; collect it and hand it to SLF4J.
        ByteArrayOutputStream report = new ByteArrayOutputStream();
        try {
            Files.createDirectories(dataDir);
            new Formatter()
                    .setNodeId(NODE_ID)
                    .setClusterId(Uuid.randomUuid().toString())
                    .setDirectories(List.of(dataDir.toString()))
                    .setMetadataLogDirectory(dataDir.toString())
                    .setControllerListenerName(CONTROLLER_LISTENER)
                    .setPrintStream(new PrintStream(report, true, StandardCharsets.UTF_8))
                    .run();
        } catch (Exception e) {
            throw new IllegalStateException("Cannot format Kafka storage in " + dataDir + ": "
                    + report.toString(StandardCharsets.UTF_8).trim(), e);
        }
        log.info("Formatted Kafka storage: {}", report.toString(StandardCharsets.UTF_8).trim());
    }

    private Properties config() {
        String protocol = securityProtocol();
        String clients = protocol + "://" + bootstrapServers();
        String controller = CONTROLLER_LISTENER + "://" + FreePorts.LOOPBACK + ":" + controllerPort;
        Properties props = new Properties();
        props.put("process.roles", "broker,controller");
        props.put("node.id", String.valueOf(NODE_ID));
        props.put("controller.quorum.voters", NODE_ID + "@" + FreePorts.LOOPBACK + ":" + controllerPort);
        props.put("controller.listener.names", CONTROLLER_LISTENER);
        props.put("listeners", clients + "," + controller);
        props.put("advertised.listeners", clients);
        props.put("inter.broker.listener.name", protocol);
        props.put("listener.security.protocol.map", protocol + ":" + protocol + "," + CONTROLLER_LISTENER + ":PLAINTEXT");
        if (saslUser != null) {
            props.put("sasl.enabled.mechanisms", PLAIN_MECHANISM);
            props.put("sasl.mechanism.inter.broker.protocol", PLAIN_MECHANISM);
            props.put("listener.name.sasl_plaintext.plain.sasl.jaas.config", saslUser.brokerJaasConfig());
        }
        props.put("log.dirs", dataDir.toString());
        props.put("metadata.log.dir", dataDir.toString());

        // One node: every internal topic must be satisfiable by a single replica.
        props.put("offsets.topic.replication.factor", "1");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        props.put("default.replication.factor", "1");
        props.put("min.insync.replicas", "1");

        // Topics are declared by the applications, so a typo fails instead of creating a topic.
        props.put("auto.create.topics.enable", "false");
        props.put("num.partitions", "4");
        props.put("group.initial.rebalance.delay.ms", "0");

        // Fewer internal partitions and threads: the first group join and transaction come up
        // in well under a second, and several brokers fit on a 2-core machine.
        props.put("offsets.topic.num.partitions", "4");
        props.put("transaction.state.log.num.partitions", "4");
        props.put("num.network.threads", "2");
        props.put("num.io.threads", "2");
        props.put("background.threads", "2");
        props.put("log.cleaner.threads", "1");
        // The cleaner allocates this buffer up front; the 128 MB default is a quarter of a test JVM's heap.
        props.put("log.cleaner.dedupe.buffer.size", String.valueOf(8 * 1024 * 1024));
        return props;
    }
}
