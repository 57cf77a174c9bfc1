package io.waveflow.projections;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.waveflow.infra.EmbeddedPostgres;
import io.waveflow.infra.SharedInfra;
import io.waveflow.projections.store.OffsetStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * PostgreSQL goes away for 30 seconds while both topics keep receiving events: the consumer must
 * back off and retry, skip nothing, and catch up once the database is back, ending with exactly
 * the read model a replay of the topics gives. Own PostgreSQL, so stopping it leaves the other
 * ITs' shared server alone.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class DatabaseOutageIT {

    private static final String DATABASE = "projections_outage_it";
    private static final Duration OUTAGE = Duration.ofSeconds(30);
    private static final EmbeddedPostgres POSTGRES = EmbeddedPostgres.start(0, null);

    private static EventTopicsClient topics;

    @LocalServerPort
    private int port;

    @Autowired
    private JsonMapper json;

    @Autowired
    private MeterRegistry meters;

    @Autowired
    private JdbcTemplate jdbc;

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        ServiceProperties.register(registry, POSTGRES, DATABASE, "projections-outage-it");
        // Fail fast while the database is away, so the retry loop turns quickly.
        registry.add("spring.datasource.hikari.connection-timeout", () -> "1000");
        registry.add("waveflow.projections.retry-initial-backoff", () -> "100ms");
        registry.add("waveflow.projections.retry-max-backoff", () -> "1s");
        registry.add("waveflow.projections.supervise-interval", () -> "500ms");
    }

    @BeforeAll
    static void connect() {
        topics = new EventTopicsClient(SharedInfra.get().kafka().bootstrapServers());
    }

    @AfterAll
    static void disconnect() {
        topics.close();
        POSTGRES.close();
    }

    @Test
    void shouldCatchUpAfterA30SecondOutageWithExactlyWhatAReplayOfTheTopicsGives() {
        StemApiClient api = new StemApiClient(port, json);
        String prefix = "outage-" + UUID.randomUUID();
        topics.send(StemStory.mix(prefix + "-before", 50, 1));
        await().atMost(Duration.ofSeconds(60)).until(() -> api.stem(prefix + "-before-49") != null);

        POSTGRES.stop();
        long stoppedAt = System.nanoTime();
        int chunks = 0;
        try {
            // Keep the stream flowing for the whole outage, one chunk per failed retry of the consumer.
            while (Duration.ofNanos(System.nanoTime() - stoppedAt).compareTo(OUTAGE) < 0) {
                double retriesBefore = retries();
                topics.send(StemStory.mix(prefix + "-during-" + chunks, 10, chunks));
                chunks++;
                await().atMost(Duration.ofSeconds(10)).until(() -> retries() > retriesBefore);
            }
        } finally {
            POSTGRES.restart();
        }
        topics.send(StemStory.mix(prefix + "-after", 20, 2));

        TopicLog log = TopicLog.read(topics.bootstrapServers());
        OffsetStore offsets = new OffsetStore(jdbc);
        // The test's own pool may still hold connections from before the outage: retry through them.
        await().atMost(Duration.ofSeconds(90)).ignoreExceptions().until(() -> log.coveredBy(offsets.all(1)));
        assertThat(chunks).isGreaterThan(5);
        assertThat(api.stem(prefix + "-during-0-0")).isNotNull();
        try (TestDatabase replayed = TestDatabase.create(SharedInfra.get().postgres(), "outage_it_replay")) {
            assertThat(ReadModelSnapshot.of(jdbc)).isEqualTo(log.replay(replayed));
        }
    }

    private double retries() {
        return meters.find("waveflow.projections.retries").counters().stream().mapToDouble(Counter::count).sum();
    }
}
