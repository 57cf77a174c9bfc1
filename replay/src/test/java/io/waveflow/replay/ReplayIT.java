package io.waveflow.replay;

import io.waveflow.contracts.json.Codecs;
import io.waveflow.contracts.topic.TopicSpecs;
import io.waveflow.contracts.topic.Topics;
import io.waveflow.replay.Events.Produced;
import io.waveflow.replay.event.EventParser;
import io.waveflow.replay.kafka.ReadListener;
import io.waveflow.replay.kafka.ReadPlan;
import io.waveflow.replay.kafka.Selection;
import io.waveflow.replay.kafka.TopicReader;
import io.waveflow.infra.FreePorts;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Replays against a real broker. The Waveflow topics hold one known story (every event type,
 * four stems and an unknown one) written once; tests that need other content write it to
 * topics of their own and name them in full.
 */
class ReplayIT {

    private static final Instant START = Instant.parse("2026-11-26T08:00:00Z");
    private static final List<Produced> STORY = Events.everyType(START);

    @BeforeAll
    static void writeTheStory() throws Exception {
        TestKafka.createTopics(TopicSpecs.newTopics(4, (short) 1));
        TestKafka.produce(STORY);
    }

    @Test
    void shouldReplayExactlyTheProducedEventsInOrderPerStem() {
        // when
        Run run = replay();

        // then: every CloudEvent as produced, plus the dead letter in its envelope
        assertThat(run.exitCode()).isZero();
        List<JsonNode> lines = run.lines();
        assertThat(lines).hasSize(STORY.size());
        List<JsonNode> events = lines.stream()
                .filter(line -> !line.get("type").asString().equals(EventParser.DEAD_LETTER_TYPE))
                .map(Run::withoutKafka).toList();
        assertThat(events).containsExactlyInAnyOrderElementsOf(STORY.stream()
                .filter(record -> !record.topic().equals(Topics.DEAD_LETTER.name()))
                .map(record -> tree(record.value())).toList());

        // and: per stem and topic, the produced order
        for (String stem : Set.of("s1", "s2", "s3", "s4", "s9")) {
            for (String topic : List.of(Topics.INBOUND.name(), Topics.WORKFLOW.name(), Topics.COMMANDS.name())) {
                List<String> replayed = lines.stream()
                        .filter(line -> stem.equals(line.path("subject").asString(null))
                                && topic.equals(line.get("kafkatopic").asString()))
                        .map(line -> line.get("id").asString()).toList();
                List<String> produced = STORY.stream()
                        .filter(record -> record.key().equals(stem) && record.topic().equals(topic))
                        .map(record -> tree(record.value()).get("id").asString()).toList();
                assertThat(replayed).as("%s on %s", stem, topic).isEqualTo(produced);
            }
        }
    }

    @Test
    void shouldEndWithACountPerTypeOnStderr() {
        Run run = replay("--topic", "workflow");

        int workflow = count(r -> r.topic().equals(Topics.WORKFLOW.name()));
        assertThat(run.err()).containsPattern("^replay: " + workflow + " events written of " + workflow
                        + " records read from [1-4] partitions of 1 topics in [0-9.]+ s \\([0-9,]+ records/s\\)\n")
                .containsPattern("(?m)^ +4 +io\\.waveflow\\.workflow\\.StageRequested\\.v1$")
                .containsPattern("(?m)^ +1 +io\\.waveflow\\.workflow\\.StemFailed\\.v1$");
        assertThat(run.lines()).allMatch(line -> line.get("kafkatopic").asString().equals(Topics.WORKFLOW.name()));
    }

    @Test
    void shouldReplayEventsThatValidateAgainstTheCheckedInSchemas() {
        List<JsonNode> lines = replay().lines();

        Set<String> types = new HashSet<>();
        for (JsonNode line : lines) {
            String type = line.get("type").asString();
            types.add(type);
            // Lines carry the kafka* extension attributes; the schemas allow CloudEvents extensions.
            JsonNode validated = type.equals(EventParser.DEAD_LETTER_TYPE) ? line.get("data") : line;
            assertThat(Schemas.errors(type, validated)).as(type).isEmpty();
        }
        assertThat(types).hasSize(17);
    }

    @Test
    void shouldFilterByStemAcrossTopicsIncludingDeadLetters() {
        Run run = replay("--stem", "s2", "--stem", "s9");

        assertThat(run.subjects()).containsOnly("s2", "s9").hasSize(count(r -> Set.of("s2", "s9").contains(r.key())));
        assertThat(run.lines()).anyMatch(line -> line.get("type").asString().equals(EventParser.DEAD_LETTER_TYPE));
    }

    @Test
    void shouldFilterByUserThroughTheStemsTheUserOwns() {
        // Within one topic a stem's first event carries its user, so later events without one follow it.
        Run run = replay("--user", "u1", "--topic", "inbound,workflow,commands");

        assertThat(run.subjects()).containsOnly("s1", "s2").hasSize(count(r -> Set.of("s1", "s2").contains(r.key())));
        assertThat(run.lines()).extracting(line -> line.get("type").asString())
                .contains("io.waveflow.workflow.HashClaimed.v1", "io.waveflow.workflow.StemCompleted.v1",
                        "io.waveflow.workflow.DuplicateSettled.v1", "io.waveflow.inbound.ProcessingCompleted.v1");
    }

    @Test
    void shouldFilterByTrackAndByUserAndTrack() {
        assertThat(replay("--track", "t1", "-t", "inbound,workflow,commands").subjects()).containsOnly("s1", "s3")
                .hasSize(count(r -> Set.of("s1", "s3").contains(r.key())));
        assertThat(replay("--user", "u2", "--track", "t3", "-t", "inbound,workflow").subjects())
                .containsOnly("s4").hasSize(4);
    }

    @Test
    void shouldFilterByTypeWithOrWithoutVersion() {
        assertThat(replay("--type", "io.waveflow.workflow.StageRequested.v1").ids()).hasSize(4);
        assertThat(replay("--type", "io.waveflow.workflow.StageRequested").ids()).hasSize(4);
        assertThat(replay("--type", "StageRequested,GenerateHash").ids()).hasSize(6);
        assertThat(replay("--type", "io.waveflow.workflow.StageRequested.v2").ids()).isEmpty();
        assertThat(replay("--user", "u1", "--type", "StemCompleted").ids()).containsExactly("s1-done/completed");
    }

    @Test
    void shouldReadOnlyTheNamedTopicsAndPartitions() {
        Run inbound = replay("--topic", "waveflow.inbound.v1");
        assertThat(inbound.lines()).hasSize(count(r -> r.topic().equals(Topics.INBOUND.name())));

        Run partition = replay("--topic", "inbound", "--partition", "0");
        assertThat(partition.lines()).allMatch(line -> line.get("kafkapartition").asInt() == 0);
    }

    @Test
    void shouldHonourInclusiveFromAndExclusiveToOnRecordTimestamps() throws Exception {
        // given: five records one second apart on each of two partitions
        String topic = TestKafka.newTopic("replay-time", 2);
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        try (KafkaProducer<String, byte[]> producer = TestKafka.producer()) {
            for (int i = 0; i < 5; i++) {
                for (int partition = 0; partition < 2; partition++) {
                    Instant t = t0.plusSeconds(i);
                    producer.send(new ProducerRecord<>(topic, partition, t.toEpochMilli(), "p" + partition,
                            Codecs.INBOUND.encode(Events.upload("p" + partition + "-e" + i, "u", "t", t))));
                }
            }
            producer.flush();
        }

        // when / then: [t1, t3) is t1 and t2
        assertThat(idsOf(replay("-t", topic, "--from", t0.plusSeconds(1).toString(), "--to",
                t0.plusSeconds(3).toString()))).containsExactly("e1", "e2");
        // the boundary millisecond itself: from is in, to is out
        assertThat(idsOf(replay("-t", topic, "--from", "2026-01-01T00:00:04Z", "--to", "2026-01-01T00:00:04.001Z")))
                .containsExactly("e4");
        assertThat(idsOf(replay("-t", topic, "--from", "2026-01-01T00:00:03.999Z", "--to", "2026-01-01T00:00:04Z")))
                .isEmpty();
        assertThat(idsOf(replay("-t", topic, "--from", t0.plusSeconds(3).toString()))).containsExactly("e3", "e4");
        assertThat(idsOf(replay("-t", topic, "--to", t0.plusSeconds(1).toString()))).containsExactly("e0");
        assertThat(idsOf(replay("-t", topic, "--from", "2026-01-01T01:00:00+01:00", "--to", "2026-01-01T00:00:02Z")))
                .containsExactly("e0", "e1");
        assertThat(idsOf(replay("-t", topic, "--from", "2026-01-02"))).isEmpty();
    }

    @Test
    void shouldDropRecordsWhoseTimestampFallsOutsideTheRangeEvenInsideTheOffsets() throws Exception {
        // given: a late record stamped earlier than the one before it
        String topic = TestKafka.newTopic("replay-late", 1);
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        try (KafkaProducer<String, byte[]> producer = TestKafka.producer()) {
            for (int second : new int[] {0, 1, 2, 3, 1}) {
                Instant t = t0.plusSeconds(second);
                producer.send(new ProducerRecord<>(topic, 0, t.toEpochMilli(), "k",
                        Codecs.INBOUND.encode(Events.upload("at" + second + "-" + UUID.randomUUID(), "u", "t", t))));
            }
            producer.flush();
        }

        // when: offsets from the first record at or after t2 to the end
        Run run = replay("-t", topic, "--from", t0.plusSeconds(2).toString());

        // then: the late t1 record at the end is not in [t2, ∞)
        assertThat(run.lines()).extracting(line -> line.get("kafkaoffset").asString()).containsExactly("2", "3");
    }

    @Test
    void shouldReadOffsetRangesFromInclusiveToExclusive() throws Exception {
        // given
        String topic = TestKafka.newTopic("replay-offsets", 2);
        try (KafkaProducer<String, byte[]> producer = TestKafka.producer()) {
            for (int i = 0; i < 5; i++) {
                for (int partition = 0; partition < 2; partition++) {
                    producer.send(new ProducerRecord<>(topic, partition, "p" + partition,
                            Codecs.INBOUND.encode(Events.upload("p" + partition + "-e" + i, "u", "t", START))));
                }
            }
            producer.flush();
        }

        // then
        assertThat(idsOf(replay("-t", topic, "--from-offset", "1", "--to-offset", "3"))).containsExactly("e1", "e2");
        assertThat(replay("-t", topic, "--from-offset", "1:3").ids()).hasSize(5 + 2);
        assertThat(replay("-t", topic, "--partition", "1", "--from-offset", "1:3").ids())
                .containsExactly("p1-e3-upload", "p1-e4-upload");
        assertThat(replay("-t", topic, "--to-offset", "0:1,1:0").ids()).containsExactly("p0-e0-upload");
        assertThat(replay("-t", topic, "--from-offset", "99").ids()).isEmpty();
    }

    @Test
    void shouldShowOnlyCommittedRecordsAndStopAtTheEndSeenAtStart() throws Exception {
        // given: a committed transaction, an aborted one, and one still open
        String topic = TestKafka.newTopic("replay-tx", 1);
        try (KafkaProducer<String, byte[]> producer = transactionalProducer()) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(record(topic, "committed-1"));
            producer.send(record(topic, "committed-2"));
            producer.commitTransaction();
            producer.beginTransaction();
            producer.send(record(topic, "aborted"));
            producer.flush();
            producer.abortTransaction();
            producer.beginTransaction();
            producer.send(record(topic, "open"));
            producer.flush();

            // when: the open transaction holds the last stable offset back; replay does not wait for it
            Run run = replay("-t", topic);

            // then
            assertThat(run.exitCode()).isZero();
            assertThat(run.ids()).containsExactly("committed-1-upload", "committed-2-upload");
            producer.commitTransaction();
        }
        assertThat(replay("-t", topic).ids()).containsExactly("committed-1-upload", "committed-2-upload",
                "open-upload");
    }

    @Test
    void shouldNotReadRecordsWrittenAfterThePlanWasMade() throws Exception {
        // given
        String topic = TestKafka.newTopic("replay-no-tail", 1);
        TestKafka.produce(List.of(new Produced(topic, "a", Codecs.INBOUND.encode(Events.upload("a", "u", "t", START)))));
        try (TopicReader reader = TopicReader.connect(TestKafka.bootstrapServers(), Duration.ofSeconds(10))) {
            ReadPlan plan = reader.plan(new Selection(List.of(topic), Set.of(), io.waveflow.replay.kafka.TimeRange.ALL,
                    io.waveflow.replay.kafka.OffsetBound.NONE, io.waveflow.replay.kafka.OffsetBound.NONE));

            // when
            TestKafka.produce(List.of(new Produced(topic, "b", Codecs.INBOUND.encode(Events.upload("b", "u", "t", START)))));
            List<String> keys = new ArrayList<>();
            reader.read(plan, record -> keys.add(new String(record.key(), StandardCharsets.UTF_8)), ReadListener.NONE);

            // then
            assertThat(keys).containsExactly("a");
        }
    }

    @Test
    void shouldNeverCreateAConsumerGroup() throws Exception {
        // given
        replay();
        replay("--topic", "inbound", "--from", START.toString());

        // then: nothing in this JVM uses a group, so any group would be replay's
        try (Admin admin = TestKafka.admin()) {
            assertThat(admin.listGroups().all().get(10, TimeUnit.SECONDS)).isEmpty();
        }
    }

    @Test
    void shouldEscapeCommasQuotesAndLineBreaksInCsv() throws Exception {
        // given: a structured CloudEvent written by some other producer, with awkward values
        String topic = TestKafka.newTopic("replay-csv", 1);
        String id = "evt,\"1\"";
        String subject = "stem\r\nwith break";
        String user = "user, \"the\" first";
        String track = "track\nnext line";
        String value = "{\"specversion\":\"1.0\",\"id\":" + quote(id) + ",\"source\":\"/elsewhere\","
                + "\"type\":\"com.example.Odd.v1\",\"subject\":" + quote(subject) + ",\"time\":\"2026-11-26T08:00:00Z\","
                + "\"datacontenttype\":\"application/json\",\"data\":{\"userId\":" + quote(user) + ",\"trackId\":"
                + quote(track) + ",\"note\":\"a, \\\"b\\\"\\nc\"}}";
        TestKafka.produce(List.of(new Produced(topic, "k", value.getBytes(StandardCharsets.UTF_8))));

        // when
        Run run = replay("-t", topic, "--format", "csv");

        // then
        List<List<String>> rows = CsvReader.parse(run.out());
        assertThat(rows).hasSize(2);
        Map<String, String> row = new LinkedHashMap<>();
        for (int i = 0; i < rows.get(0).size(); i++) {
            row.put(rows.get(0).get(i), rows.get(1).get(i));
        }
        assertThat(row).containsEntry("id", id).containsEntry("subject", subject).containsEntry("userId", user)
                .containsEntry("trackId", track).containsEntry("type", "com.example.Odd.v1")
                .containsEntry("time", "2026-11-26T08:00:00Z").containsEntry("topic", topic);
        assertThat(tree(row.get("data").getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(tree(value.getBytes(StandardCharsets.UTF_8)).get("data"));
        assertThat(run.out()).startsWith("topic,partition,offset,kafkaTimestamp,time,type,id,subject,userId,trackId,data\r\n");
    }

    @Test
    void shouldWriteCsvOfTheStoryToAFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("story.csv");

        Run run = replay("--format", "csv", "--output", file.toString(), "--no-progress");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).isEmpty();
        List<List<String>> rows = CsvReader.parse(Files.readString(file));
        assertThat(rows).hasSize(1 + STORY.size());
        assertThat(rows.subList(1, rows.size())).allMatch(row -> row.size() == 11);
    }

    @Test
    void shouldReportRecordsThatAreNotEventsAndGoOn() throws Exception {
        // given
        String topic = TestKafka.newTopic("replay-bad", 1);
        TestKafka.produce(List.of(
                new Produced(topic, "s1", "not an event".getBytes(StandardCharsets.UTF_8)),
                new Produced(topic, "s1", Codecs.INBOUND.encode(Events.upload("s1", "u", "t", START)))));

        // when
        Run run = replay("-t", topic);

        // then
        assertThat(run.exitCode()).isZero();
        assertThat(run.ids()).containsExactly("s1-upload");
        assertThat(run.err()).contains("replay: warning: " + topic + " partition 0 offset 0 skipped: not a structured-mode CloudEvent")
                .containsPattern("(?m)^ +1 +\\(unreadable records");
    }

    @Test
    void shouldRefuseAnUnknownTopicWithExitCodeTwo() {
        Run run = replay("--topic", "nope");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).hasLineCount(1).startsWith("replay: unknown topic 'nope': Kafka at "
                + TestKafka.bootstrapServers() + " has no topic nope (event topics: inbound (waveflow.inbound.v1)");
        assertThat(run.out()).isEmpty();

        Run partition = replay("--topic", "inbound", "--partition", "9");
        assertThat(partition.exitCode()).isEqualTo(2);
        assertThat(partition.err()).isEqualTo("replay: topic waveflow.inbound.v1 has no partition 9 (it has 4)\n");
    }

    @Test
    void shouldRefuseAnUnreachableBrokerWithinTheTimeout(@TempDir Path dir) {
        // given: a port nothing listens on
        String nowhere = "127.0.0.1:" + FreePorts.pick();
        Path file = dir.resolve("never.jsonl");

        // when
        Run run = Run.replay("--bootstrap-servers", nowhere, "--timeout", "2", "--output", file.toString());

        // then
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("replay: cannot reach Kafka at " + nowhere + " within 2 s (list topics)\n");
        assertThat(file).doesNotExist();
    }

    private static Run replay(String... args) {
        List<String> all = new ArrayList<>(List.of("--bootstrap-servers", TestKafka.bootstrapServers()));
        all.addAll(List.of(args));
        return Run.replay(all.toArray(String[]::new));
    }

    /** The event number of each line, {@code e3} of {@code p0-e3-upload}, in output order per partition 0 then 1. */
    private static List<String> idsOf(Run run) {
        assertThat(run.exitCode()).as(run.err()).isZero();
        Map<Integer, List<String>> byPartition = run.lines().stream().collect(Collectors.groupingBy(
                line -> line.get("kafkapartition").asInt(), java.util.TreeMap::new,
                Collectors.mapping(line -> line.get("id").asString().split("-")[1], Collectors.toList())));
        assertThat(new HashSet<>(byPartition.values())).as("both partitions alike").hasSizeLessThanOrEqualTo(1);
        return byPartition.isEmpty() ? List.of() : byPartition.values().iterator().next();
    }

    private static int count(Predicate<Produced> which) {
        return (int) STORY.stream().filter(which).count();
    }

    private static JsonNode tree(byte[] json) {
        return io.waveflow.contracts.json.Json.MAPPER.readTree(json);
    }

    private static String quote(String text) {
        return io.waveflow.contracts.json.Json.MAPPER.writeValueAsString(text);
    }

    private static ProducerRecord<String, byte[]> record(String topic, String stem) {
        return new ProducerRecord<>(topic, stem, Codecs.INBOUND.encode(Events.upload(stem, "u", "t", START)));
    }

    private static KafkaProducer<String, byte[]> transactionalProducer() {
        return new KafkaProducer<>(Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "replay-it-" + UUID.randomUUID(),
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true),
                new StringSerializer(), new ByteArraySerializer());
    }
}
