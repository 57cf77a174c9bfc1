package io.waveflow.projections;

import io.waveflow.infra.SharedInfra;
import io.waveflow.projections.store.OffsetStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.awaitility.Awaitility.await;

/**
 * Rebuilds the read model twice while readers keep reading: once over a quiet topic, where the
 * rebuilt generation must equal the live one row for row, and once while events keep arriving,
 * where the result must equal a replay of the topics. Not one read may fail meanwhile.
 */
class RebuildIT extends ServiceIT {

    private static final Duration CAUGHT_UP = Duration.ofSeconds(90);

    @LocalServerPort
    private int port;

    @Autowired
    private JsonMapper json;

    @Autowired
    private JdbcTemplate jdbc;

    @Test
    void shouldRebuildWithoutReadersNoticingThenKeepConsumingIntoTheNewGeneration() throws Exception {
        int second;
        StemApiClient api = new StemApiClient(port, json);
        String prefix = "rebuild-" + UUID.randomUUID();
        List<StemStory> stories = StemStory.mix(prefix, 400, 9);
        int first = jdbc.queryForObject("SELECT generation FROM read_model_generation WHERE state = 'live'",
                Integer.class);
        topics.send(stories);
        awaitCaughtUp(first);
        ReadModelSnapshot live = ReadModelSnapshot.of(jdbc);
        assertThat(StemStory.events(stories)).isGreaterThan(3_000);

        try (Readers readers = new Readers(api, stories)) {
            // A quiet topic: the rebuilt copy must equal the live one row for row.
            long readsBefore = readers.reads();
            ResponseEntity<String> started = api.post("/admin/rebuild");
            assertThat(started.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
            assertThat(started.getHeaders().getLocation()).hasToString("/admin/rebuild");
            Map<String, Object> progress = api.object(started.getBody());
            assertThat(progress).contains(entry("liveGeneration", first), entry("rebuilding", true));
            second = generations(progress).stream().filter(g -> "building".equals(g.get("state")))
                    .map(g -> (Integer) g.get("generation")).findFirst().orElseThrow();
            assertThat(second).isGreaterThan(first);
            assertThat(generations(progress)).anySatisfy(generation -> assertThat(generation)
                    .contains(entry("generation", second), entry("state", "building"))
                    .hasEntrySatisfying("partitions", partitions -> assertThat((List<?>) partitions).hasSize(8)));
            assertThat(api.post("/admin/rebuild").getStatusCode()).isEqualTo(HttpStatus.CONFLICT);

            awaitSwitchedTo(api, second);
            assertThat(ReadModelSnapshot.of(jdbc)).isEqualTo(live);
            assertThat(tableExists("stem_g" + first)).isFalse();
            assertThat(tableExists("stem_history_g" + first)).isFalse();
            assertThat(tableExists("stem_g" + second)).isTrue();
            assertThat(readers.reads()).as("reads during the rebuild").isGreaterThan(readsBefore);

            // Events keep coming during the next rebuild and after its switch.
            assertThat(api.post("/admin/rebuild").getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
            topics.send(StemStory.mix(prefix + "-during", 100, 10));
            int third = second + 1;
            awaitSwitchedTo(api, third);
            topics.send(StemStory.mix(prefix + "-after", 20, 11));
            await().atMost(CAUGHT_UP).until(() -> api.stem(prefix + "-after-0") != null);
            awaitCaughtUp(third);
            // Caught up means no lag at all, commit markers after the last records included.
            await().atMost(CAUGHT_UP).untilAsserted(() -> assertThat(generations(api.object(
                    api.get("/admin/rebuild").getBody()))).singleElement().satisfies(current -> {
                        assertThat(current).containsEntry("lag", 0);
                        assertThat((List<?>) current.get("partitions")).hasSize(8);
                    }));

            readers.stop();
            assertThat(readers.failures()).as("failed reads").isEmpty();
            assertThat(readers.reads()).isGreaterThan(readsBefore);
        }
        TopicLog log = TopicLog.read(topics.bootstrapServers());
        try (TestDatabase replayed = TestDatabase.create(SharedInfra.get().postgres(), "rebuild_it_replay")) {
            assertThat(ReadModelSnapshot.of(jdbc)).isEqualTo(log.replay(replayed));
        }
        assertThat(jdbc.queryForList("SELECT generation, state FROM read_model_generation"))
                .containsExactly(Map.of("generation", second + 1, "state", "live"));
    }

    private void awaitCaughtUp(int generation) {
        TopicLog log = TopicLog.read(topics.bootstrapServers());
        OffsetStore offsets = new OffsetStore(jdbc);
        await().atMost(CAUGHT_UP).until(() -> log.coveredBy(offsets.all(generation)));
    }

    private static void awaitSwitchedTo(StemApiClient api, int generation) {
        await().atMost(CAUGHT_UP).untilAsserted(() -> {
            Map<String, Object> status = api.object(api.get("/admin/rebuild").getBody());
            assertThat(status).contains(entry("liveGeneration", generation), entry("rebuilding", false));
            assertThat(generations(status)).singleElement().satisfies(live ->
                    assertThat(live).contains(entry("generation", generation), entry("state", "live")));
        });
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> generations(Map<String, Object> status) {
        return (List<Map<String, Object>>) status.get("generations");
    }

    private boolean tableExists(String table) {
        return Boolean.TRUE.equals(jdbc.queryForObject("SELECT to_regclass(?) IS NOT NULL", Boolean.class, table));
    }

    /** Two threads reading known stems, their history and a listing over HTTP, and noting any failure. */
    private static final class Readers implements AutoCloseable {

        private final StemApiClient api;
        private final List<StemStory> known;
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicLong reads = new AtomicLong();
        private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        private final List<Thread> threads;

        Readers(StemApiClient api, List<StemStory> known) {
            this.api = api;
            this.known = known;
            this.threads = List.of(new Thread(this::read, "reader-1"), new Thread(this::read, "reader-2"));
            threads.forEach(Thread::start);
        }

        private void read() {
            while (running.get()) {
                String stemId = known.get(ThreadLocalRandom.current().nextInt(known.size())).stemId();
                check("/stems/" + stemId);
                check("/stems/" + stemId + "/history");
                check("/stems?userId=" + WorkflowEvents.USER_ID + "&limit=50");
            }
        }

        private void check(String path) {
            try {
                ResponseEntity<String> response = api.get(path);
                if (response.getStatusCode() != HttpStatus.OK) {
                    failures.add(path + " -> " + response.getStatusCode() + " " + response.getBody());
                }
            } catch (RuntimeException e) {
                failures.add(path + " -> " + e);
            }
            reads.incrementAndGet();
        }

        long reads() {
            return reads.get();
        }

        List<String> failures() {
            return List.copyOf(failures);
        }

        void stop() throws InterruptedException {
            running.set(false);
            for (Thread thread : threads) {
                thread.join();
            }
        }

        @Override
        public void close() throws InterruptedException {
            stop();
        }
    }
}
