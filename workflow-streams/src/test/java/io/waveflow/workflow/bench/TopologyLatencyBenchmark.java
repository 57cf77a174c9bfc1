package io.waveflow.workflow.bench;

import io.waveflow.contracts.Stage;
import io.waveflow.contracts.command.StageCommand;
import io.waveflow.contracts.inbound.HashReported;
import io.waveflow.contracts.inbound.UploadCompleted;
import io.waveflow.contracts.topic.Topics;
import io.waveflow.infra.EmbeddedKafka;
import io.waveflow.workflow.config.WorkflowStreamsRunner;
import io.waveflow.workflow.it.KafkaFixtures;
import io.waveflow.workflow.topology.WorkflowSettings;
import io.waveflow.workflow.topology.WorkflowTopology;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.KafkaStreams;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Measures how long the topology takes, under exactly_once_v2, from an inbound event being
 * acknowledged by the broker to the stage command it causes being visible to a
 * {@code read_committed} consumer, for several {@code commit.interval.ms} values, at a fixed
 * offered rate. Two paths: upload → hash command (one transactional hop: inbound → commands) and
 * hash report → analysis command (two hops: inbound → claims repartition → commands, sent by
 * the claims task with its decision; three before issue 14). Each commit interval gets a fresh application on one in-JVM broker;
 * the stems of its first three seconds are a warm-up and are not counted.
 *
 * <pre>
 * mvn -q -DskipTests install
 * mvn -q -f workflow-streams/pom.xml exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.waveflow.workflow.bench.TopologyLatencyBenchmark [-Dexec.args="600 30 100,50,20"]
 * </pre>
 * Arguments: stems per run (default 600), stems per second (default 30), commit intervals in ms
 * (default 100,50,20). Any other Streams or client setting: {@code -Dstreams.<name>=<value>}
 * (e.g. {@code -Dstreams.producer.retry.backoff.ms=10}).
 */
public final class TopologyLatencyBenchmark {

    private static final AtomicInteger RUNS = new AtomicInteger();
    private static final int WARM_UP_SECONDS = 3;

    public static void main(String[] args) throws Exception {
        int stems = args.length > 0 ? Integer.parseInt(args[0]) : 600;
        double rate = args.length > 1 ? Double.parseDouble(args[1]) : 30;
        long[] intervals = Arrays.stream((args.length > 2 ? args[2] : "100,50,20").split(","))
                .mapToLong(Long::parseLong).toArray();
        System.out.printf(Locale.ROOT, "machine: %d cores, %s; %d stems at %.0f stems/s per run%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), stems, rate);
        System.out.printf(Locale.ROOT, "%-20s %-36s %-36s%n", "commit.interval.ms",
                "upload -> hash command p50/p95/p99", "hash report -> analysis p50/p95/p99");
        try (EmbeddedKafka kafka = EmbeddedKafka.start(0, null)) {
            for (long interval : intervals) {
                run(kafka.bootstrapServers(), stems, rate, interval);
            }
        }
    }

    private static void run(String bootstrap, int stems, double rate, long commitIntervalMs) throws Exception {
        String applicationId = "latency-" + UUID.randomUUID().toString().substring(0, 8);
        String inbound = Topics.INBOUND.name();
        String commands = Topics.COMMANDS.name();
        TopologyBenchmark.createTopics(bootstrap, applicationId);
        String runPrefix = "r" + RUNS.incrementAndGet() + "-";
        try (KafkaStreams streams = new KafkaStreams(WorkflowTopology.build(applicationId, WorkflowSettings.defaults()),
                TopologyBenchmark.streamsProperties(bootstrap, applicationId,
                        WorkflowStreamsRunner.commitSettings(Duration.ofMillis(commitIntervalMs))));
             Watcher watcher = new Watcher(bootstrap, commands, runPrefix)) {
            streams.start();
            while (streams.state() != KafkaStreams.State.RUNNING) {
                Thread.sleep(100);
            }
            long[] uploadAcked = new long[stems];
            long[] hashAcked = new long[stems];
            long periodNanos = (long) (1e9 / rate);
            long start = System.nanoTime();
            try (var producer = KafkaFixtures.inboundProducer(bootstrap,
                    Map.of(ProducerConfig.LINGER_MS_CONFIG, 0))) {
                Instant now = Instant.now();
                for (int i = 0; i < stems; i++) {
                    long due = start + i * periodNanos;
                    while (System.nanoTime() < due) {
                        Thread.sleep(0, 200_000);
                    }
                    String stemId = runPrefix + i;
                    int index = i;
                    producer.send(new ProducerRecord<>(inbound, stemId,
                                    new UploadCompleted("u-" + stemId, now, stemId, "u", "t", "f", "f", "ts")),
                            (metadata, error) -> uploadAcked[index] = System.nanoTime());
                    producer.send(new ProducerRecord<>(inbound, stemId,
                                    new HashReported("h-" + stemId, now, stemId, "u", "t", "f", "hash-" + stemId,
                                            "ts", "f", "SUCCESS")),
                            (metadata, error) -> hashAcked[index] = System.nanoTime());
                }
            }
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (watcher.analysis.size() < stems && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            List<Double> hashLatencies = new ArrayList<>();
            List<Double> analysisLatencies = new ArrayList<>();
            // When the slow ones were offered tells stalls (clustered) from queueing (spread).
            List<String> slow = new ArrayList<>();
            // The first seconds of a fresh application pay for producer ids, first transactions and
            // metadata of the internal topics: a start-up cost, not the steady state measured here.
            int warmUp = (int) Math.min(stems / 2, WARM_UP_SECONDS * rate);
            for (int i = warmUp; i < stems; i++) {
                String stemId = runPrefix + i;
                Long hashSeen = watcher.hash.get(stemId);
                Long analysisSeen = watcher.analysis.get(stemId);
                if (hashSeen != null) {
                    hashLatencies.add((hashSeen - uploadAcked[i]) / 1e6);
                }
                if (analysisSeen != null) {
                    analysisLatencies.add((analysisSeen - hashAcked[i]) / 1e6);
                    if (analysisSeen - hashAcked[i] > 4 * commitIntervalMs * 1_000_000L + 200_000_000L) {
                        slow.add(String.format(Locale.ROOT, "%.1fs", (hashAcked[i] - start) / 1e9));
                    }
                }
            }
            System.out.printf(Locale.ROOT, "%-20d %-36s %-36s%s  slow at %s%n", commitIntervalMs,
                    percentiles(hashLatencies), percentiles(analysisLatencies),
                    analysisLatencies.size() < stems - warmUp ? "  (only " + analysisLatencies.size() + " seen)" : "", slow);
        }
    }

    private static String percentiles(List<Double> values) {
        if (values.isEmpty()) {
            return "-";
        }
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return String.format(Locale.ROOT, "%.0f / %.0f / %.0f ms", sorted[(int) (0.50 * (sorted.length - 1))],
                sorted[(int) Math.ceil(0.95 * (sorted.length - 1))], sorted[(int) Math.ceil(0.99 * (sorted.length - 1))]);
    }

    /** Notes when each run's hash and analysis commands become visible {@code read_committed}. */
    private static final class Watcher implements AutoCloseable {
        final Map<String, Long> hash = new ConcurrentHashMap<>();
        final Map<String, Long> analysis = new ConcurrentHashMap<>();
        private final Thread thread;
        private volatile boolean running = true;

        Watcher(String bootstrap, String topic, String keyPrefix) {
            Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                    ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                    ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10);
            KafkaConsumer<String, StageCommand> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                    Topics.COMMANDS.valueSerde().deserializer());
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
            thread = new Thread(() -> {
                try (consumer) {
                    while (running) {
                        for (ConsumerRecord<String, StageCommand> r : consumer.poll(Duration.ofMillis(50))) {
                            if (r.key() != null && r.key().startsWith(keyPrefix)) {
                                long now = System.nanoTime();
                                (r.value().stage() == Stage.HASH ? hash : analysis).putIfAbsent(r.key(), now);
                            }
                        }
                    }
                }
            }, "latency-watcher");
            thread.start();
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            thread.join(5000);
        }
    }
}
