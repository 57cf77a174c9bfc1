package io.waveflow.projections;

import io.micrometer.core.instrument.MeterRegistry;
import io.waveflow.contracts.StemMessage;
import io.waveflow.infra.EmbeddedPostgres;
import io.waveflow.infra.FreePorts;
import io.waveflow.infra.SharedInfra;
import io.waveflow.projections.store.BatchObserver;
import io.waveflow.projections.store.BatchResult;
import io.waveflow.projections.store.ConsumedRecord;
import io.waveflow.projections.store.OffsetStore;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.awaitility.Awaitility.await;

/**
 * Two instances of the service in one consumer group over one PostgreSQL, the Kafka way of scaling
 * out: instance a starts alone, b joins while events keep flowing (the partitions are split), then
 * a stops (b takes over the rest). The read model must be exactly what a replay of the topics
 * gives, every partition must pass from a to b once, at its stored offset, and every record must
 * go through exactly one committed batch.
 */
class ProjectionsScaleOutIT {

    private static final String DATABASE = "projections_scale_out_it";
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final Duration PROJECTED = Duration.ofSeconds(60);
    /** Chunks each phase lets flow, so every hand-over happens with records in flight. */
    private static final int CHUNKS_PER_PHASE = 6;

    private static EventTopicsClient topics;

    @BeforeAll
    static void connect() {
        SharedInfra.get().postgres().createDatabaseIfMissing(DATABASE);
        topics = new EventTopicsClient(SharedInfra.get().kafka().bootstrapServers());
    }

    @AfterAll
    static void disconnect() {
        topics.close();
    }

    @Test
    void shouldBuildExactlyTheReadModelOfOneInstanceWhileASecondJoinsAndTheFirstLeaves() {
        Ledger ledger = new Ledger("scale-" + RUN);
        ConfigurableApplicationContext a = null;
        ConfigurableApplicationContext b = null;
        int portB = FreePorts.pick();
        List<StemStory> stories;
        try {
            a = start(FreePorts.pick(), ledger.observer("a"));
            try (Flow flow = new Flow(topics, ledger)) {
                // a alone.
                awaitChunks(flow, CHUNKS_PER_PHASE);

                // b joins while the flow goes on; both must then be committing batches.
                b = start(portB, ledger.observer("b"));
                await().atMost(PROJECTED).until(ledger::shared);
                awaitChunks(flow, flow.chunks() + CHUNKS_PER_PHASE);

                // a stops in the middle of the flow; b alone afterwards.
                a.close();
                awaitChunks(flow, flow.chunks() + CHUNKS_PER_PHASE);
                stories = flow.stop();
            }

            JdbcTemplate jdbc = b.getBean(JdbcTemplate.class);
            TopicLog log = TopicLog.read(topics.bootstrapServers());
            OffsetStore offsets = new OffsetStore(jdbc);
            await().atMost(PROJECTED).until(() -> log.coveredBy(offsets.all(1)));
            ReadModelSnapshot built = ReadModelSnapshot.of(jdbc);

            assertThat(stories).hasSizeGreaterThanOrEqualTo(3 * CHUNKS_PER_PHASE * Flow.STEMS_PER_CHUNK);
            try (TestDatabase replayed = TestDatabase.create(SharedInfra.get().postgres(), "scale_out_it_replay")) {
                assertThat(built).isEqualTo(log.replay(replayed));
            }
            assertEveryStoryProjectedOnce(built, stories);
            assertEveryRecordCommittedOnceByOneOwnerAtATime(ledger, log, built);
            assertSecondInstanceServesAndReports(new StemApiClient(portB, b.getBean(JsonMapper.class)),
                    b.getBean(MeterRegistry.class), ledger, stories.get(0));
        } finally {
            closeQuietly(a);
            closeQuietly(b);
        }
    }

    /** Each story's stem has a row, and a history of exactly its events: none lost, none twice. */
    private static void assertEveryStoryProjectedOnce(ReadModelSnapshot built, List<StemStory> stories) {
        Map<String, List<Object>> history = built.history().stream().collect(Collectors.groupingBy(
                row -> (String) row.get("stem_id"), Collectors.mapping(row -> row.get("event_id"), Collectors.toList())));
        for (StemStory story : stories) {
            assertThat(built.stem(story.stemId())).as(story.stemId()).isNotNull();
            assertThat(history.get(story.stemId())).as("history of %s", story.stemId())
                    .containsExactlyInAnyOrderElementsOf(eventIds(story));
        }
        assertThat(built.history()).extracting(row -> row.get("source") + "-" + row.get("source_partition") + "@"
                + row.get("source_offset")).as("one history row per record").doesNotHaveDuplicates();
    }

    /**
     * What the two instances committed, batch by batch: every record of the topics in exactly one
     * batch, none below a stored offset, and each partition's batches first all by a, then all by
     * b, their offsets only moving forward: a hand-over resumes exactly where the database says.
     */
    private static void assertEveryRecordCommittedOnceByOneOwnerAtATime(Ledger ledger, TopicLog log,
                                                                        ReadModelSnapshot built) {
        List<Commit> commits = ledger.commits();
        assertThat(commits.stream().mapToInt(commit -> commit.batch().records()).sum()).isEqualTo(log.size());
        assertThat(commits.stream().mapToInt(commit -> commit.batch().skipped()).sum()).as("records read twice")
                .isZero();
        List<String> applied = commits.stream().flatMap(commit -> commit.batch().applied().stream())
                .map(record -> record.event().id()).toList();
        assertThat(applied).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(built.history().stream().map(row -> (String) row.get("event_id"))
                        .toList());

        Map<TopicPartition, List<Commit>> byPartition = new HashMap<>();
        commits.forEach(commit -> commit.batch().nextOffsets().keySet()
                .forEach(partition -> byPartition.computeIfAbsent(partition, p -> new ArrayList<>()).add(commit)));
        assertThat(byPartition.keySet()).as("partitions of both topics").hasSize(2 * TopicRecords.PARTITIONS);
        byPartition.forEach((partition, batches) -> {
            assertThat(batches).extracting(Commit::instance).as("owners of %s in commit order", partition)
                    .isSortedAccordingTo(String::compareTo).last().isEqualTo("b");
            assertThat(batches).extracting(commit -> commit.batch().nextOffsets().get(partition))
                    .as("stored offsets of %s", partition).isSorted().doesNotHaveDuplicates();
        });
        // The join split the partitions: b committed some before a's last commit, a kept the others.
        long lastOfA = commits.stream().filter(commit -> "a".equals(commit.instance())).mapToLong(Commit::seq).max()
                .orElseThrow();
        Set<TopicPartition> takenAtJoin = partitions(commits, commit -> "b".equals(commit.instance())
                && commit.seq() < lastOfA);
        Set<TopicPartition> keptByA = partitions(commits, commit -> "a".equals(commit.instance())
                && commit.seq() > ledger.firstOfB());
        assertThat(takenAtJoin).isNotEmpty().doesNotContainAnyElementsOf(keptByA);
        assertThat(keptByA).isNotEmpty();
    }

    private static void assertSecondInstanceServesAndReports(StemApiClient api, MeterRegistry meters, Ledger ledger,
                                                             StemStory first) {
        ResponseEntity<String> health = api.get("/actuator/health");
        assertThat(health.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(api.object(health.getBody())).containsEntry("status", "UP");
        ResponseEntity<String> prometheus = api.get("/actuator/prometheus");
        assertThat(prometheus.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(prometheus.getBody()).contains("waveflow_projections_batches_total",
                "waveflow_projections_records_total");

        List<Commit> byB = ledger.commits().stream().filter(commit -> "b".equals(commit.instance())).toList();
        // The consumer counts a batch just after the observer has seen it.
        await().atMost(PROJECTED).untilAsserted(() -> {
            assertThat(count(meters, "waveflow.projections.batches", "result", "applied")).isEqualTo(byB.size());
            assertThat(count(meters, "waveflow.projections.records", "outcome", "applied"))
                    .isEqualTo(byB.stream().mapToInt(commit -> commit.batch().applied().size()).sum()).isPositive();
        });
        assertThat(count(meters, "waveflow.projections.records", "outcome", "skipped")).isZero();

        // The first story of the flow is always a completed one, applied by a before b existed.
        String stemId = first.stemId();
        assertThat(api.stem(stemId)).contains(entry("stemId", stemId), entry("status", "completed"),
                entry("stage", "done"), entry("audioHash", "hash-" + stemId), entry("attempts", 1),
                entry("waveformDataPath", "waveforms/" + stemId + ".json"),
                entry("createdAt", "2026-01-05T09:59:59.500Z"), entry("updatedAt", "2026-01-05T10:00:30Z"));
        assertThat(api.history(stemId)).extracting(entry -> entry.get("eventId"))
                .containsExactlyInAnyOrderElementsOf(eventIds(first));
    }

    private static Set<TopicPartition> partitions(List<Commit> commits, Predicate<Commit> which) {
        return commits.stream().filter(which).flatMap(commit -> commit.batch().nextOffsets().keySet().stream())
                .collect(Collectors.toSet());
    }

    private static ConfigurableApplicationContext start(int port, BatchObserver observer) {
        SharedInfra infra = SharedInfra.get();
        EmbeddedPostgres postgres = infra.postgres();
        // Picked up by the projector wiring, as a test's crash injector would be.
        ApplicationContextInitializer<ConfigurableApplicationContext> ledger =
                context -> context.getBeanFactory().registerSingleton("ledgerObserver", observer);
        return new SpringApplicationBuilder(ProjectionsApplication.class)
                .initializers(ledger)
                .run("--server.port=" + port,
                        "--spring.kafka.bootstrap-servers=" + infra.kafka().bootstrapServers(),
                        "--spring.datasource.url=" + postgres.jdbcUrl(DATABASE),
                        "--spring.datasource.username=" + postgres.username(),
                        "--spring.datasource.password=" + postgres.password(),
                        // Small batches, so each phase is many transactions.
                        "--spring.kafka.consumer.max-poll-records=200",
                        "--waveflow.projections.consumer-group=projections-scale-out-it-" + RUN,
                        "--waveflow.projections.poll-timeout=200ms",
                        "--waveflow.projections.supervise-interval=200ms",
                        "--waveflow.api.tokens=" + TestTokens.SETTING);
    }

    private static void awaitChunks(Flow flow, int chunks) {
        await().atMost(PROJECTED).until(() -> flow.chunks() >= chunks);
    }

    private static double count(MeterRegistry meters, String name, String tag, String value) {
        return meters.get(name).tag("generation", "1").tag(tag, value).counter().count();
    }

    private static List<String> eventIds(StemStory story) {
        return Stream.concat(story.inbound().stream(), story.workflow().stream()).map(StemMessage::id).toList();
    }

    private static void closeQuietly(ConfigurableApplicationContext context) {
        if (context != null) {
            context.close();
        }
    }

    /** One batch an instance committed; {@code seq} orders the commits of both instances. */
    private record Commit(String instance, long seq, BatchResult batch) {
    }

    /** The batches both instances committed, and how many events of the flow they applied between them. */
    private static final class Ledger {

        private final String prefix;
        private final AtomicLong seq = new AtomicLong();
        private final Queue<Commit> commits = new ConcurrentLinkedQueue<>();
        private final AtomicLong flowApplied = new AtomicLong();

        Ledger(String prefix) {
            this.prefix = prefix;
        }

        BatchObserver observer(String instance) {
            Predicate<ConsumedRecord> ofFlow = record -> record.event().stemId().startsWith(prefix);
            return new BatchObserver() {
                @Override
                public void afterCommit(BatchResult result) {
                    // Called on the consumer thread after the commit, before it polls again; a
                    // partition's next owner cannot commit before that poll, so seq keeps their order.
                    commits.add(new Commit(instance, seq.incrementAndGet(), result));
                    flowApplied.addAndGet(result.applied().stream().filter(ofFlow).count());
                }
            };
        }

        /** Whether a committed events of the flow after b's first commit: both instances held partitions at once. */
        boolean shared() {
            long firstOfB = firstOfB();
            return commits.stream().anyMatch(commit -> "a".equals(commit.instance()) && commit.seq() > firstOfB
                    && commit.batch().applied().stream().anyMatch(record -> record.event().stemId().startsWith(prefix)));
        }

        long firstOfB() {
            return commits.stream().filter(commit -> "b".equals(commit.instance())).mapToLong(Commit::seq).min()
                    .orElse(Long.MAX_VALUE);
        }

        List<Commit> commits() {
            return commits.stream().sorted((x, y) -> Long.compare(x.seq(), y.seq())).toList();
        }

        long flowApplied() {
            return flowApplied.get();
        }

        String prefix() {
            return prefix;
        }
    }

    /**
     * Plays the bridge and the topology on its own thread: sends stories in chunks of ten stems,
     * the next one as soon as every chunk but the last sent is projected, so records are always in
     * flight, whoever consumes them, and the flow never runs far ahead of the consumers.
     */
    private static final class Flow implements AutoCloseable {

        static final int STEMS_PER_CHUNK = 10;

        private final EventTopicsClient topics;
        private final Ledger ledger;
        private final List<StemStory> sent = new CopyOnWriteArrayList<>();
        private final CompletableFuture<Void> flowing;
        private volatile boolean running = true;
        private volatile int chunks;

        Flow(EventTopicsClient topics, Ledger ledger) {
            this.topics = topics;
            this.ledger = ledger;
            this.flowing = CompletableFuture.runAsync(this::run, task -> {
                Thread thread = new Thread(task, "scale-out-flow");
                thread.setDaemon(true);
                thread.start();
            });
        }

        private void run() {
            long eventsBeforeThisChunk = 0;
            while (running) {
                List<StemStory> chunk = StemStory.mix(ledger.prefix() + "-" + chunks, STEMS_PER_CHUNK, chunks);
                topics.send(chunk);
                sent.addAll(chunk);
                long allButThisChunk = eventsBeforeThisChunk;
                await().atMost(PROJECTED).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(20))
                        .until(() -> ledger.flowApplied() >= allButThisChunk);
                eventsBeforeThisChunk += StemStory.events(chunk);
                chunks++;
            }
        }

        /** Chunks sent and projected but for the last; rethrows what ended the flow, if it failed. */
        int chunks() {
            if (flowing.isCompletedExceptionally()) {
                flowing.join();
            }
            return chunks;
        }

        /** Stops sending; returns every story sent. */
        List<StemStory> stop() {
            running = false;
            flowing.join();
            return List.copyOf(sent);
        }

        /** Stops sending, when the test ends early; waits for the chunk in flight and forgets any failure. */
        @Override
        public void close() {
            running = false;
            flowing.handle((done, failure) -> null).join();
        }
    }
}
