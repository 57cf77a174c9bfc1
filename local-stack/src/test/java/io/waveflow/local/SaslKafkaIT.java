package io.waveflow.local;

import io.waveflow.contracts.command.StageCommand;
import io.waveflow.contracts.inbound.HashReported;
import io.waveflow.contracts.inbound.InboundEvent;
import io.waveflow.contracts.inbound.UploadCompleted;
import io.waveflow.contracts.topic.Topics;
import io.waveflow.infra.EmbeddedKafka;
import io.waveflow.infra.EmbeddedPostgres;
import io.waveflow.infra.FreePorts;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * workflow-streams and projections, from their exec jars, against a broker that requires SASL
 * (SASL_PLAINTEXT, PLAIN): configured through {@code spring.kafka.*} only, both must reach it, so
 * an upload and a hash report on the inbound topic come out as stage commands and as a row of the
 * read model. A client with a wrong password is refused, so the credentials are what let them in.
 */
class SaslKafkaIT {

    private static final EmbeddedKafka.SaslUser USER = new EmbeddedKafka.SaslUser("waveflow-it", "sasl-" + UUID.randomUUID());
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final String READ_TOKEN = "read-" + UUID.randomUUID();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static EmbeddedKafka kafka;
    private static EmbeddedPostgres postgres;
    private static final List<ServiceProcess> services = new ArrayList<>();
    private static int projectionsPort;

    @BeforeAll
    static void startBrokerDatabaseAndServices() throws Exception {
        kafka = EmbeddedKafka.startWithSasl(0, null, USER);
        postgres = EmbeddedPostgres.start(0, null);
        postgres.createDatabaseIfMissing("waveflow");
        Path repoRoot = Path.of(System.getProperty("waveflow.repoRoot", ".."));
        Path logs = Files.createTempDirectory("sasl-it-logs");
        String version = BuildInfo.version();

        int workflowPort = FreePorts.pick();
        services.add(launch(Service.WORKFLOW_STREAMS, repoRoot, version, workflowPort, logs,
                "--waveflow.workflow.application-id=sasl-it-" + RUN,
                "--waveflow.workflow.state-dir=" + Files.createTempDirectory("sasl-it-streams")));
        projectionsPort = FreePorts.pick();
        services.add(launch(Service.PROJECTIONS, repoRoot, version, projectionsPort, logs,
                "--spring.datasource.url=" + postgres.jdbcUrl("waveflow"),
                "--spring.datasource.username=" + postgres.username(),
                "--spring.datasource.password=" + postgres.password()));

        HttpClient http = HttpClient.newHttpClient();
        await().atMost(Duration.ofSeconds(300)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            for (ServiceProcess service : services) {
                assertThat(service.isAlive()).as(service.service().module() + " exited; see " + service.logFile()
                        + "\n" + service.tail()).isTrue();
                assertThat(service.isUp(http)).as(service.service().module() + ": " + service.lastHealth()).isTrue();
            }
        });
    }

    @AfterAll
    static void stop() {
        services.forEach(ServiceProcess::requestStop);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        services.forEach(service -> service.awaitStop(deadline));
        if (postgres != null) {
            postgres.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void shouldRunThePipelineOnABrokerThatRequiresSasl() throws Exception {
        // given
        String stemId = "sasl-" + RUN;
        String hash = "5a51" + RUN;

        // when
        try (var producer = new KafkaProducer<>(clientConfig(Map.of(ProducerConfig.ACKS_CONFIG, "all")),
                new StringSerializer(), Topics.INBOUND.valueSerde().serializer())) {
            for (InboundEvent event : List.of(
                    new UploadCompleted("up-" + stemId, Instant.now(), stemId, "u1", "t1", "stems/" + stemId + ".wav",
                            stemId + ".wav", Instant.now().toString()),
                    new HashReported("hash-" + stemId, Instant.now(), stemId, "u1", "t1", "stems/" + stemId + ".wav",
                            hash, Instant.now().toString(), stemId + ".wav", "SUCCESS"))) {
                producer.send(new ProducerRecord<>(Topics.INBOUND.name(), stemId, event)).get(30, TimeUnit.SECONDS);
            }
        }

        // then: workflow-streams read the inbound topic and committed its commands
        List<String> taskIds = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(clientConfig(Map.of(
                ConsumerConfig.GROUP_ID_CONFIG, "sasl-it-reader-" + RUN,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed")),
                new StringDeserializer(), Topics.COMMANDS.valueSerde().deserializer())) {
            consumer.subscribe(List.of(Topics.COMMANDS.name()));
            await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> {
                consumer.poll(Duration.ofMillis(500)).forEach(record -> taskIds.add(record.value().id()));
                assertThat(taskIds).containsExactly("hash-" + stemId + "-1", "analysis-" + stemId + "-1");
            });
        }

        // and projections read the inbound and workflow topics into PostgreSQL
        HttpClient http = HttpClient.newHttpClient();
        await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + projectionsPort + "/stems/" + stemId))
                    .header("Authorization", "Bearer " + READ_TOKEN).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            JsonNode stem = JSON.readTree(response.body());
            assertThat(stem.path("stemId").asString()).isEqualTo(stemId);
            assertThat(stem.path("audioHash").asString()).isEqualTo(hash);
        });
    }

    @Test
    void shouldRefuseAClientWithAWrongPassword() {
        try (Admin admin = Admin.create(kafka.clientConfigAs(
                new EmbeddedKafka.SaslUser(USER.username(), "not-the-password")))) {
            assertThatThrownBy(() -> admin.describeCluster().clusterId().get(60, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(SaslAuthenticationException.class);
        }
    }

    /** The service's exec jar with its Kafka connection given only as {@code spring.kafka.*} arguments. */
    private static ServiceProcess launch(Service service, Path repoRoot, String version, int port, Path logs,
                                         String... settings) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx384m", "-jar",
                service.jar(repoRoot, version).toString(),
                "--server.port=" + port,
                "--server.address=127.0.0.1",
                "--spring.kafka.bootstrap-servers=" + kafka.bootstrapServers(),
                "--spring.kafka.security.protocol=SASL_PLAINTEXT",
                "--spring.kafka.properties.sasl.mechanism=PLAIN",
                "--spring.kafka.properties.sasl.jaas.config=" + USER.jaasConfig()));
        command.addAll(List.of(settings));
        // Read APIs may require a token; harmless where they do not.
        Map<String, String> environment = Map.of("WAVEFLOW_API_TOKENS", "sasl-it:read:" + READ_TOKEN);
        return ServiceProcess.launch(service, URI.create("http://127.0.0.1:" + port), command, environment,
                logs.resolve(service.module() + ".log"), line -> { });
    }

    private static Map<String, Object> clientConfig(Map<String, Object> settings) {
        Map<String, Object> config = new HashMap<>(kafka.clientConfig());
        config.putAll(settings);
        return config;
    }
}
