package io.waveflow.replay.bench;

import io.waveflow.contracts.Stage;
import io.waveflow.contracts.command.GenerateHash;
import io.waveflow.contracts.command.ProcessAudioAnalysis;
import io.waveflow.contracts.inbound.CompletionResult;
import io.waveflow.contracts.inbound.HashReported;
import io.waveflow.contracts.inbound.ProcessingCompleted;
import io.waveflow.contracts.inbound.UploadCompleted;
import io.waveflow.contracts.json.Codecs;
import io.waveflow.contracts.topic.TopicSpecs;
import io.waveflow.contracts.topic.Topics;
import io.waveflow.contracts.workflow.HashClaimed;
import io.waveflow.contracts.workflow.StageRequested;
import io.waveflow.contracts.workflow.StemCompleted;
import io.waveflow.contracts.workflow.StemRegistered;
import io.waveflow.infra.EmbeddedKafka;
import io.waveflow.replay.ReplayCommand;
import io.waveflow.replay.kafka.ReadListener;
import io.waveflow.replay.kafka.Selection;
import io.waveflow.replay.kafka.TopicReader;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Replay throughput over a million events: writes realistic stem stories (10 events per stem:
 * 3 inbound, 5 workflow, 2 commands, encoded by Codecs) to an in-JVM broker on a free port,
 * then times replays of all four event topics: in this JVM to a null stream (JSON Lines, CSV,
 * and a --user filter that scans everything and writes little), and the packaged jar as its own
 * process with {@code --output /dev/null}, JVM start included.
 *
 * <pre>
 * mvn -B -q -N install &amp;&amp; mvn -B -q -f contracts/pom.xml install &amp;&amp; mvn -B -q -f embedded-infra/pom.xml install -DskipTests
 * mvn -B -q -f replay/pom.xml package -DskipTests
 * mvn -B -q -f replay/pom.xml exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.waveflow.replay.bench.ReplayBenchmark [-Dexec.args="1000000"]
 * </pre>
 */
public final class ReplayBenchmark {

    private static final int EVENTS_PER_STEM = 10;

    private ReplayBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int stems = events / EVENTS_PER_STEM;
        System.out.printf(Locale.ROOT, "machine: %d cores, max heap %d MiB, Java %s%n",
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20,
                System.getProperty("java.version"));
        try (EmbeddedKafka kafka = EmbeddedKafka.start(0, null)) {
            try (Admin admin = Admin.create(Map.<String, Object>of(
                    AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
                admin.createTopics(TopicSpecs.newTopics(4, (short) 1)).all().get(30, TimeUnit.SECONDS);
            }
            long bytes = produce(kafka.bootstrapServers(), stems);
            System.out.printf(Locale.ROOT, "topics: %,d events (%,d stems), %,d MiB of values, 4 partitions each%n",
                    stems * EVENTS_PER_STEM, stems, bytes >> 20);

            String bootstrap = kafka.bootstrapServers();
            readOnly(bootstrap);
            inProcess("jsonl, all topics (JIT cold)", bootstrap);
            inProcess("jsonl, all topics", bootstrap);
            inProcess("csv, all topics", bootstrap, "--format", "csv");
            inProcess("jsonl, --user u7 (scan all, write few)", bootstrap, "--user", "u7");
            Path jar = jar();
            if (jar != null) {
                asProcess(jar, bootstrap);
                asProcess(jar, bootstrap, "--format", "csv");
            } else {
                System.out.println("jar: not built; run mvn -f replay/pom.xml package first");
            }
        }
    }

    private static long produce(String bootstrap, int stems) {
        long started = System.nanoTime();
        long bytes = 0;
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "1",
                ProducerConfig.LINGER_MS_CONFIG, 20,
                ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024,
                ProducerConfig.BUFFER_MEMORY_CONFIG, 128L * 1024 * 1024),
                new StringSerializer(), new ByteArraySerializer())) {
            Instant t = Instant.parse("2026-11-01T00:00:00Z");
            for (int i = 0; i < stems; i++) {
                for (ProducerRecord<String, byte[]> record : story("stem-" + i, "u" + (i % 1000), "t" + (i % 5000),
                        t.plusMillis(i))) {
                    bytes += record.value().length;
                    producer.send(record);
                }
            }
            producer.flush();
        }
        System.out.printf(Locale.ROOT, "produce: %.1f s%n", (System.nanoTime() - started) / 1e9);
        return bytes;
    }

    private static List<ProducerRecord<String, byte[]>> story(String stem, String user, String track, Instant t) {
        String file = "uploads/" + user + "/" + stem + ".wav";
        String hash = Integer.toHexString(stem.hashCode()) + "9f3c2a7be1d04c55";
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>(EVENTS_PER_STEM);
        records.add(inbound(stem, Codecs.INBOUND.encode(new UploadCompleted(stem + "-up", t, stem, user, track, file,
                stem + ".wav", t.toString()))));
        records.add(workflow(stem, Codecs.WORKFLOW.encode(new StemRegistered(stem + "-up/registered", t, stem, user,
                track, file, stem + ".wav"))));
        records.add(workflow(stem, Codecs.WORKFLOW.encode(new StageRequested(stem + "-up/requested-hash-1", t, stem,
                Stage.HASH, 1, "hash-" + stem + "-1"))));
        records.add(command(stem, Codecs.COMMANDS.encode(new GenerateHash("hash-" + stem + "-1", t, stem, 1, user,
                track, file, t.toString(), stem + ".wav"))));
        records.add(inbound(stem, Codecs.INBOUND.encode(new HashReported(stem + "-hash", t, stem, user, track, file,
                hash, t.toString(), stem + ".wav", "SUCCESS"))));
        records.add(workflow(stem, Codecs.WORKFLOW.encode(new HashClaimed(stem + "-hash/claimed", t, stem, hash))));
        records.add(workflow(stem, Codecs.WORKFLOW.encode(new StageRequested(stem + "-hash/requested-analysis-1", t,
                stem, Stage.ANALYSIS, 1, "analysis-" + stem + "-1"))));
        records.add(command(stem, Codecs.COMMANDS.encode(new ProcessAudioAnalysis("analysis-" + stem + "-1", t, stem,
                1, user, track, file, hash, t.toString(), stem + ".wav", 1024))));
        records.add(inbound(stem, Codecs.INBOUND.encode(new ProcessingCompleted(stem + "-done", t, stem,
                "app.tasks.process_audio_analysis", "SUCCESS", t.toString(),
                CompletionResult.success(hash, "waveforms/" + stem + ".json", 1_234_567L, 187.4, 44100, 1024)))));
        records.add(workflow(stem, Codecs.WORKFLOW.encode(new StemCompleted(stem + "-done/completed", t, stem, hash,
                "waveforms/" + stem + ".json", 1_234_567L, 187.4, 44100, 1024))));
        return records;
    }

    private static ProducerRecord<String, byte[]> inbound(String stem, byte[] value) {
        return new ProducerRecord<>(Topics.INBOUND.name(), stem, value);
    }

    private static ProducerRecord<String, byte[]> workflow(String stem, byte[] value) {
        return new ProducerRecord<>(Topics.WORKFLOW.name(), stem, value);
    }

    private static ProducerRecord<String, byte[]> command(String stem, byte[] value) {
        return new ProducerRecord<>(Topics.COMMANDS.name(), stem, value);
    }

    private static void inProcess(String label, String bootstrap, String... filters) {
        List<String> args = new ArrayList<>(List.of("--bootstrap-servers", bootstrap, "--no-progress"));
        args.addAll(List.of(filters));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        long started = System.nanoTime();
        int exit = ReplayCommand.commandLine(OutputStream.nullOutputStream(),
                new PrintStream(err, true, StandardCharsets.UTF_8)).execute(args.toArray(String[]::new));
        report("in-process " + label, exit, System.nanoTime() - started, err.toString(StandardCharsets.UTF_8));
    }

    /** The ceiling: the same reads with nothing done per record. */
    private static void readOnly(String bootstrap) {
        long started = System.nanoTime();
        long records;
        try (TopicReader reader = TopicReader.connect(bootstrap, Duration.ofSeconds(10))) {
            records = reader.read(reader.plan(Selection.everything()), record -> { }, ReadListener.NONE);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf(Locale.ROOT, "%-62s         %,9d records in %5.1f s = %,8.0f records/s%n",
                "in-process Kafka read only (no parsing, no output)", records, seconds, records / seconds);
    }

    private static void asProcess(Path jar, String bootstrap, String... extra) throws Exception {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-jar", jar.toString(), "--bootstrap-servers", bootstrap, "--output", "/dev/null"));
        command.addAll(List.of(extra));
        Path err = Files.createTempFile("replay-bench", ".err");
        long started = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectError(err.toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        int exit = process.waitFor();
        long elapsed = System.nanoTime() - started;
        report("java -jar " + String.join(" ", extra.length == 0 ? new String[] {"(jsonl)"} : extra)
                + " --output /dev/null, JVM start included", exit, elapsed, Files.readString(err));
        Files.delete(err);
    }

    private static void report(String label, int exit, long elapsedNanos, String err) {
        String summary = err.lines().filter(line -> line.startsWith("replay: ")).findFirst().orElse(err);
        long records = Long.parseLong(summary.replaceAll("^replay: [0-9,]+ events written of ([0-9,]+) records.*$", "$1")
                .replace(",", ""));
        double seconds = elapsedNanos / 1e9;
        System.out.printf(Locale.ROOT, "%-62s exit %d  %,9d records in %5.1f s = %,8.0f events/s%n    %s%n",
                label, exit, records, seconds, records / seconds, summary);
    }

    private static Path jar() {
        for (Path candidate : List.of(Path.of("replay", "target", "waveflow-replay.jar"),
                Path.of("target", "waveflow-replay.jar"))) {
            if (Files.exists(candidate)) {
                return candidate.toAbsolutePath();
            }
        }
        return null;
    }
}
