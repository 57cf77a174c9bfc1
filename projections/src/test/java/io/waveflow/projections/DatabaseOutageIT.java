package io.waveflow.projections;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.waveflow.contracts.workflow.WorkflowEvent;
import io.waveflow.infra.EmbeddedPostgres;
import io.waveflow.infra.SharedInfra;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static io.waveflow.projections.WorkflowEvents.completedStem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * PostgreSQL goes away while workflow events keep arriving: the batch must fail and be retried
 * until the database is back, never committed past. Own PostgreSQL, so stopping it leaves the
 * other ITs' shared server alone.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class DatabaseOutageIT {

    private static final String DATABASE = "projections_outage_it";
    private static final EmbeddedPostgres POSTGRES = EmbeddedPostgres.start(0, null);

    private static WorkflowTopicClient topic;

    @LocalServerPort
    private int port;

    @Autowired
    private JsonMapper json;

    @Autowired
    private MeterRegistry meters;

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        POSTGRES.createDatabaseIfMissing(DATABASE);
        registry.add("spring.kafka.bootstrap-servers", SharedInfra.get().kafka()::bootstrapServers);
        registry.add("spring.datasource.url", () -> POSTGRES.jdbcUrl(DATABASE));
        registry.add("spring.datasource.username", POSTGRES::username);
        registry.add("spring.datasource.password", POSTGRES::password);
        // Fail fast while the database is away, so the retry loop turns quickly.
        registry.add("spring.datasource.hikari.connection-timeout", () -> "1000");
        registry.add("waveflow.projections.consumer-group", () -> "projections-outage-it");
        registry.add("waveflow.projections.retry-initial-backoff", () -> "100ms");
        registry.add("waveflow.projections.retry-max-backoff", () -> "500ms");
    }

    @BeforeAll
    static void connect() {
        topic = new WorkflowTopicClient(SharedInfra.get().kafka().bootstrapServers());
    }

    @AfterAll
    static void disconnect() {
        topic.close();
    }

    @Test
    void shouldApplyEventsThatArrivedWhileDatabaseWasDown() {
        StemApiClient api = new StemApiClient(port, json);
        String stemId = "stem-" + UUID.randomUUID();
        List<WorkflowEvent> events = completedStem(stemId, "hash-outage");
        topic.send(events.subList(0, 1));
        await().atMost(Duration.ofSeconds(30)).until(() -> api.stem(stemId) != null);
        double failuresBefore = failedBatches();

        POSTGRES.stop();
        try {
            topic.send(events.subList(1, events.size()));
            // Two failed deliveries: the batch is retried while the database is still away.
            await().atMost(Duration.ofSeconds(30)).until(() -> failedBatches() >= failuresBefore + 2);
        } finally {
            POSTGRES.restart();
        }

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(api.stem(stemId)).containsEntry("status", "completed").containsEntry("stage", "done"));
        assertThat(api.history(stemId)).extracting(entry -> entry.get("eventId"))
                .containsExactlyElementsOf(events.stream().map(WorkflowEvent::id).toList());
    }

    private double failedBatches() {
        return meters.find("spring.kafka.listener").tag("result", "failure").timers().stream()
                .mapToDouble(Timer::count).sum();
    }
}
