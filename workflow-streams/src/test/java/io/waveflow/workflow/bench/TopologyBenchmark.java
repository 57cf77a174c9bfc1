package io.waveflow.workflow.bench;

import io.waveflow.contracts.inbound.HashReported;
import io.waveflow.contracts.inbound.InboundEvent;
import io.waveflow.contracts.inbound.UploadCompleted;
import io.waveflow.contracts.topic.Topics;
import io.waveflow.infra.EmbeddedKafka;
import io.waveflow.workflow.it.KafkaFixtures;
import io.waveflow.contracts.Stage;
import io.waveflow.workflow.topology.ClaimScope;
import io.waveflow.workflow.topology.WorkflowSettings;
import io.waveflow.workflow.topology.WorkflowTopology;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.KafkaStreams;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;

/**
 * Measures (1) the topology's throughput against the in-JVM KRaft broker under exactly_once_v2:
 * upload + hash-check per stem, 10% duplicate audio, timed from the first produced event to the
 * last stage command visible read_committed; and (2) the cost of the deadline sweep with a
 * million stems in state and 1% of them due, beside the sweeps with none due.
 *
 * <pre>
 * mvn -q -DskipTests install
 * mvn -q -f workflow-streams/pom.xml exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.waveflow.workflow.bench.TopologyBenchmark [-Dexec.args="20000 1000000"]
 * </pre>
 * Arguments: stems for the broker run (default 20000), stems in state for the sweep (default 1000000;
 * 0 skips the sweep). Any other Streams or client setting: {@code -Dstreams.<name>=<value>}.
 */
public final class TopologyBenchmark {

    public static void main(String[] args) throws Exception {
        int brokerStems = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int sweepStems = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        System.out.printf(Locale.ROOT, "machine: %d cores, max heap %d MiB, %s%n",
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20,
                System.getProperty("java.version"));
        brokerThroughput(brokerStems);
        if (sweepStems > 0) {
            sweepCost(sweepStems);
        }
    }

    private static void brokerThroughput(int stems) throws Exception {
        String applicationId = "bench-" + UUID.randomUUID().toString().substring(0, 8);
        try (EmbeddedKafka kafka = EmbeddedKafka.start(0, null)) {
            createTopics(kafka.bootstrapServers(), applicationId);
            try (KafkaStreams streams = new KafkaStreams(WorkflowTopology.build(applicationId,
                    WorkflowSettings.defaults()), streamsProperties(kafka.bootstrapServers(), applicationId))) {
                streams.start();
                awaitRunning(streams);
                long started = System.nanoTime();
                produce(kafka.bootstrapServers(), stems);
                long produced = System.nanoTime();
                long commands = awaitCommands(kafka.bootstrapServers(), 2L * stems);
                long finished = System.nanoTime();
                double seconds = (finished - started) / 1e9;
                System.out.printf(Locale.ROOT, "%-58s %,12.0f events/s  (%,d inbound events -> %,d commands"
                                + " in %.1f s; producing took %.1f s)%n",
                        "topology throughput, EOS v2, in-JVM broker, 4 partitions", 2.0 * stems / seconds,
                        2L * stems, commands, seconds, (produced - started) / 1e9);
            }
        }
    }

    /** The service's topics (when missing) and the application's internal topics, 4 partitions each. */
    static void createTopics(String bootstrap, String applicationId) throws Exception {
        KafkaFixtures.createTopics(bootstrap, applicationId, 4);
    }

    static Properties streamsProperties(String bootstrap, String applicationId) throws Exception {
        return streamsProperties(bootstrap, applicationId, Map.of());
    }

    /** EOS v2 on a fresh state directory, then {@code settings}, then any {@code -Dstreams.<name>=<value>}. */
    static Properties streamsProperties(String bootstrap, String applicationId, Map<String, Object> settings)
            throws Exception {
        Properties props = KafkaFixtures.streamsProperties(bootstrap, applicationId, "bench-streams");
        props.putAll(settings);
        // Any other Kafka Streams or client setting to try: -Dstreams.<name>=<value>.
        System.getProperties().stringPropertyNames().stream().filter(name -> name.startsWith("streams."))
                .forEach(name -> props.put(name.substring("streams.".length()), System.getProperty(name)));
        return props;
    }

    private static void awaitRunning(KafkaStreams streams) throws InterruptedException {
        while (streams.state() != KafkaStreams.State.RUNNING) {
            Thread.sleep(100);
        }
    }

    private static void produce(String bootstrap, int stems) {
        Instant now = Instant.now();
        try (var producer = KafkaFixtures.inboundProducer(bootstrap, Map.of(ProducerConfig.LINGER_MS_CONFIG, 5))) {
            for (int i = 0; i < stems; i++) {
                String stemId = "b" + i;
                // Every tenth stem repeats the audio of the stem before it: 10% duplicates.
                String hash = "h" + (i % 10 == 9 ? i - 1 : i);
                List<InboundEvent> events = List.of(
                        new UploadCompleted("u-" + stemId, now, stemId, "u", "t", "f", "f", "ts"),
                        new HashReported("h-" + stemId, now, stemId, "u", "t", "f", hash, "ts", "f", "SUCCESS"));
                for (InboundEvent event : events) {
                    producer.send(new ProducerRecord<>(Topics.INBOUND.name(), stemId, event));
                }
            }
        }
    }

    private static long awaitCommands(String bootstrap, long expected) {
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "bench-reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10_000);
        long seen = 0;
        try (var consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                Topics.COMMANDS.valueSerde().deserializer())) {
            consumer.subscribe(List.of(Topics.COMMANDS.name()));
            long deadline = System.nanoTime() + Duration.ofMinutes(15).toNanos();
            while (seen < expected && System.nanoTime() < deadline) {
                seen += consumer.poll(Duration.ofMillis(200)).count();
            }
        }
        if (seen < expected) {
            throw new IllegalStateException("only " + seen + " of " + expected + " commands within 15 minutes");
        }
        return seen;
    }

    /**
     * Loads {@code stems} stems into a real topology: 1% reach analysis (30 s deadline), 99% wait
     * for their hash (1 h deadline). Once the 1% are due, one sweep re-commands them; Kafka
     * Streams' own punctuate-latency metrics give the cost of that sweep and of the empty sweeps
     * before it, which read the same index with a million stems in state.
     */
    private static void sweepCost(int stems) throws Exception {
        String applicationId = "bench-sweep-" + UUID.randomUUID().toString().substring(0, 8);
        Map<Stage, Duration> deadlines = Map.of(Stage.HASH, Duration.ofHours(1),
                Stage.ANALYSIS, Duration.ofSeconds(30), Stage.DUPLICATE, Duration.ofHours(1));
        WorkflowSettings settings = new WorkflowSettings(ClaimScope.USER_TRACK, 1024, deadlines, 3, Set.of(),
                Duration.ofSeconds(1));
        try (EmbeddedKafka kafka = EmbeddedKafka.start(0, null)) {
            createTopics(kafka.bootstrapServers(), applicationId);
            try (KafkaStreams streams = new KafkaStreams(WorkflowTopology.build(applicationId, settings),
                    streamsProperties(kafka.bootstrapServers(), applicationId))) {
                streams.start();
                awaitRunning(streams);
                int due = stems / 100;
                long loadStarted = System.nanoTime();
                Instant now = Instant.now();
                try (var producer = KafkaFixtures.inboundProducer(kafka.bootstrapServers(), Map.of(
                        ProducerConfig.LINGER_MS_CONFIG, 20, ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024))) {
                    for (int i = 0; i < stems; i++) {
                        String stemId = "p" + i;
                        producer.send(new ProducerRecord<>(Topics.INBOUND.name(), stemId,
                                new UploadCompleted("u-" + stemId, now, stemId, "u", "t", "f", "f", "ts")));
                    }
                    // Last, so the 1% fall due together, 30 s after the load ends.
                    for (int i = 0; i < due; i++) {
                        String stemId = "p" + i;
                        producer.send(new ProducerRecord<>(Topics.INBOUND.name(), stemId,
                                new HashReported("h-" + stemId, now, stemId, "u", "t", "f", "h" + i, "ts", "f",
                                        "SUCCESS")));
                    }
                }
                long expected = (long) stems + due;
                awaitCommands(kafka.bootstrapServers(), expected);
                double loadSeconds = (System.nanoTime() - loadStarted) / 1e9;
                double emptySweepMs = metric(streams, "punctuate-latency-avg");
                double emptySweepMaxMs = metric(streams, "punctuate-latency-max");

                // The analysis deadlines of the 1% fall 30 s after their claims; wait for the re-commands.
                long sweepWaitStarted = System.nanoTime();
                awaitCommands(kafka.bootstrapServers(), expected + due);
                double sweepMaxMs = metric(streams, "punctuate-latency-max");
                System.out.printf(Locale.ROOT, "%-58s %,12d stems     (loaded through the broker in %.0f s,"
                                + " %,.0f inbound events/s)%n", "deadline sweep: stems in state", stems, loadSeconds,
                        (stems + due) / loadSeconds);
                System.out.printf(Locale.ROOT, "%-58s %,12.2f ms avg   (max %.1f ms; sweeps while none is due)%n",
                        "deadline sweep with none due", emptySweepMs, emptySweepMaxMs);
                System.out.printf(Locale.ROOT, "%-58s %,12.1f ms max   (%,d due of %,d re-commanded,"
                                + " seen after %.0f s)%n", "deadline sweep with 1% due", sweepMaxMs, due, stems,
                        (System.nanoTime() - sweepWaitStarted) / 1e9);
            }
        }
    }

    private static double metric(KafkaStreams streams, String name) {
        return streams.metrics().values().stream()
                .filter(metric -> metric.metricName().name().equals(name)
                        && metric.metricName().group().equals("stream-thread-metrics"))
                .mapToDouble(metric -> ((Number) metric.metricValue()).doubleValue())
                .filter(value -> !Double.isNaN(value))
                .max().orElse(Double.NaN);
    }
}
