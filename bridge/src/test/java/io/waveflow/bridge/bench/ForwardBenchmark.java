package io.waveflow.bridge.bench;

import io.micrometer.core.instrument.MeterRegistry;
import io.waveflow.bridge.BridgeApplication;
import io.waveflow.contracts.celery.CeleryCodec;
import io.waveflow.contracts.celery.CeleryTasks;
import io.waveflow.contracts.command.GenerateHash;
import io.waveflow.contracts.command.ProcessAudioAnalysis;
import io.waveflow.contracts.command.StageCommand;
import io.waveflow.contracts.json.Codecs;
import io.waveflow.contracts.topic.Topics;
import io.waveflow.infra.EmbeddedKafka;
import io.waveflow.infra.EmbeddedSqs;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResultEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Command forwarding to ElasticMQ, batched against one message per call. End to end, the real
 * bridge (in-JVM Kafka and ElasticMQ on free ports, one fresh pair per mode) forwards
 * {@code --commands} stage commands from the commands topic until SQS accepted all of them:
 * once as the bridge does it (SendMessageBatch of up to 10), once with its SQS client wrapped so
 * that each batch becomes one SendMessage call per entry, issued together (same encoding, same
 * Kafka batches, same concurrency; ten times the requests). Then the raw client rates, without
 * Kafka or the bridge: the same Celery bodies sent 100 at a time, as 10 SendMessageBatch calls or
 * 100 SendMessage calls in flight, each mode to an empty queue of its own. Prints messages/s. Run with {@code bridge/forward-bench.sh};
 * see bridge/BENCHMARK.md. Not a test: nothing here asserts a time.
 */
public final class ForwardBenchmark {

    private static final String QUEUE = "waveflow-audio-process-queue";
    /** Empty queues of their own for the raw rows, so none sends into a queue the rows before it filled. */
    private static final String RAW_BATCHED_QUEUE = "bench-raw-batched";
    private static final String RAW_SINGLE_QUEUE = "bench-raw-single";
    private static final Instant NOW = Instant.parse("2026-11-26T01:02:03.456Z");
    /** What the bridge has in flight at once: one poll of max.poll.records commands. */
    private static final int WINDOW = 100;
    private static final int BATCH = 10;

    private ForwardBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = BenchArgs.options(args);
        int commands = Integer.parseInt(options.getOrDefault("commands", "20000"));
        int warmup = Integer.parseInt(options.getOrDefault("warmup", "2000"));
        System.out.printf(Locale.ROOT, "%nWaveflow bridge forwarding benchmark: %d cores, %d commands per row "
                + "after %d warm-up commands%n%n", Runtime.getRuntime().availableProcessors(), commands, warmup);
        String loadBefore = BenchArgs.loadAverage();
        List<Result> batchedRun = run(false, commands, warmup);
        List<Result> singleRun = run(true, commands, warmup);
        List<Result> results = List.of(batchedRun.get(0), singleRun.get(0), batchedRun.get(1), batchedRun.get(2));
        System.out.printf(Locale.ROOT, "%-32s %9s %9s %12s %10s%n", "mode", "messages", "seconds", "messages/s",
                "SQS calls");
        for (Result result : results) {
            System.out.printf(Locale.ROOT, "%-32s %9d %9.2f %12.0f %10d%n", result.mode(), result.messages(),
                    result.seconds(), result.rate(), result.calls());
        }
        System.out.printf(Locale.ROOT, "%nmachine load average (1, 5, 15 min) before: %s, after: %s%n", loadBefore,
                BenchArgs.loadAverage());
        System.out.printf(Locale.ROOT, "batched / one message per call: end to end %.1fx, raw client %.1fx%n",
                results.get(0).rate() / results.get(1).rate(), results.get(2).rate() / results.get(3).rate());
    }

    /**
     * One fresh Kafka, ElasticMQ and bridge: {@code warmup} commands forwarded and not measured,
     * then {@code commands} measured from the first send to Kafka until SQS accepted the last one.
     * The batched run also measures the raw client rates, on the bridge's own SQS client.
     */
    private static List<Result> run(boolean oneMessagePerCall, int commands, int warmup) throws Exception {
        String mode = oneMessagePerCall ? "one message per call" : "batched";
        try (EmbeddedKafka kafka = EmbeddedKafka.start(0, null);
             EmbeddedSqs sqs = EmbeddedSqs.start(0, List.of(QUEUE, RAW_BATCHED_QUEUE, RAW_SINGLE_QUEUE));
             KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                     ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                     ProducerConfig.ACKS_CONFIG, "all",
                     ProducerConfig.LINGER_MS_CONFIG, 5), new StringSerializer(), new ByteArraySerializer())) {
            List<Class<?>> sources = new ArrayList<>(List.of(BridgeApplication.class));
            if (oneMessagePerCall) {
                sources.add(OneMessagePerCall.class);
            }
            // Command-line arguments, because application.yml outranks SpringApplicationBuilder.properties().
            ConfigurableApplicationContext bridge = new SpringApplicationBuilder(sources.toArray(Class<?>[]::new))
                    .profiles(oneMessagePerCall ? new String[] {OneMessagePerCall.PROFILE} : new String[0]).run(
                    "--server.port=0",
                    "--spring.kafka.bootstrap-servers=" + kafka.bootstrapServers(),
                    "--spring.cloud.aws.sqs.endpoint=" + sqs.endpoint(),
                    "--spring.cloud.aws.region.static=" + sqs.region(),
                    "--waveflow.bridge.sqs-queue-url=" + sqs.queueUrl(QUEUE),
                    "--waveflow.bridge.webhook.verify-signatures=false",
                    // One INFO line per sent message, to a file as in production; the console stays readable.
                    "--logging.file.name=target/bench/forward-" + (oneMessagePerCall ? "single" : "batched") + ".log",
                    "--logging.threshold.console=WARN");
            try {
                MeterRegistry meters = bridge.getBean(MeterRegistry.class);
                awaitAssigned(bridge.getBean("commandListenerContainer", ConcurrentMessageListenerContainer.class));
                produce(producer, 0, warmup);
                awaitSent(meters, warmup);
                long calls = calls(meters, oneMessagePerCall);
                long started = System.nanoTime();
                produce(producer, warmup, commands);
                awaitSent(meters, warmup + commands);
                double seconds = (System.nanoTime() - started) / 1e9;
                Result result = new Result("end to end, " + mode, commands, seconds,
                        calls(meters, oneMessagePerCall) - calls);
                if (oneMessagePerCall) {
                    return List.of(result);
                }
                SqsAsyncClient client = bridge.getBean(SqsAsyncClient.class);
                rawClient(client, sqs.queueUrl(RAW_BATCHED_QUEUE), warmup, false);
                Result rawBatched = rawClient(client, sqs.queueUrl(RAW_BATCHED_QUEUE), commands, false);
                rawClient(client, sqs.queueUrl(RAW_SINGLE_QUEUE), warmup, true);
                return List.of(result, rawBatched, rawClient(client, sqs.queueUrl(RAW_SINGLE_QUEUE), commands, true));
            } finally {
                bridge.close();
            }
        }
    }

    /** Celery bodies of the commands, sent {@link #WINDOW} at a time straight to SQS. */
    private static Result rawClient(SqsAsyncClient sqs, String queueUrl, int count, boolean oneMessagePerCall) {
        List<String> bodies = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            bodies.add(CeleryCodec.encode(CeleryTasks.of(command("raw-" + i, i)), QUEUE));
        }
        long calls = 0;
        long started = System.nanoTime();
        for (int from = 0; from < count; from += WINDOW) {
            List<String> window = bodies.subList(from, Math.min(count, from + WINDOW));
            List<CompletableFuture<?>> inFlight = new ArrayList<>();
            if (oneMessagePerCall) {
                for (String body : window) {
                    inFlight.add(sqs.sendMessage(SendMessageRequest.builder().queueUrl(queueUrl).messageBody(body)
                            .build()));
                }
            } else {
                for (int batchFrom = 0; batchFrom < window.size(); batchFrom += BATCH) {
                    List<String> batch = window.subList(batchFrom, Math.min(window.size(), batchFrom + BATCH));
                    List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
                    for (int i = 0; i < batch.size(); i++) {
                        entries.add(SendMessageBatchRequestEntry.builder().id(Integer.toString(i))
                                .messageBody(batch.get(i)).build());
                    }
                    inFlight.add(sqs.sendMessageBatch(SendMessageBatchRequest.builder().queueUrl(queueUrl)
                            .entries(entries).build()).thenAccept(response -> {
                                if (!response.failed().isEmpty()) {
                                    throw new IllegalStateException("SQS refused " + response.failed());
                                }
                            }));
                }
            }
            calls += inFlight.size();
            CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).join();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        return new Result("raw client, " + (oneMessagePerCall ? "one message per call" : "batched"), count, seconds,
                calls);
    }

    private static void produce(KafkaProducer<String, byte[]> producer, int from, int count) {
        for (int i = from; i < from + count; i++) {
            StageCommand command = command("bench-" + i, i);
            producer.send(new ProducerRecord<>(Topics.COMMANDS.name(), command.stemId(),
                    Codecs.COMMANDS.encode(command)));
        }
        producer.flush();
    }

    /**
     * Until the bridge reads the commands topic: a first append to a partition whose leader is
     * still being elected can wedge the idempotent producer (OutOfOrderSequenceException forever).
     */
    private static void awaitAssigned(ConcurrentMessageListenerContainer<?, ?> container) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (container.getAssignedPartitions().isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the bridge was assigned no partition of the commands topic in 1 minute");
            }
            Thread.sleep(50);
        }
    }

    private static void awaitSent(MeterRegistry meters, int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (sum(meters, "waveflow.bridge.sqs.sent") < count) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("SQS accepted only " + sum(meters, "waveflow.bridge.sqs.sent")
                        + " of " + count + " commands in 10 minutes");
            }
            Thread.sleep(5);
        }
    }

    private static long calls(MeterRegistry meters, boolean oneMessagePerCall) {
        // Batched: one call per SendMessageBatch; one message per call: one per entry of those batches.
        return oneMessagePerCall ? (long) meters.get("waveflow.bridge.sqs.batch.size").summary().totalAmount()
                : meters.get("waveflow.bridge.sqs.batch.size").summary().count();
    }

    private static double sum(MeterRegistry meters, String counter) {
        return meters.get(counter).counters().stream().mapToDouble(c -> c.count()).sum();
    }

    /** Alternating hash and analysis commands, each for a stem of its own, as in SqsOutageIT. */
    private static StageCommand command(String stem, int i) {
        String stemId = "stem-" + stem;
        String filepath = "stems/" + stemId + ".wav";
        Instant time = NOW.plusMillis(i);
        if (i % 2 == 0) {
            return new GenerateHash("hash-" + stemId + "-1", time, stemId, 1, "user-" + i % 7, "track-" + i % 31,
                    filepath, time.toString(), "take " + i + ".wav");
        }
        return new ProcessAudioAnalysis("analysis-" + stemId + "-1", time, stemId, 1, "user-" + i % 7,
                "track-" + i % 31, filepath, "%064x".formatted(i), time.toString(), "take " + i + ".wav",
                ProcessAudioAnalysis.DEFAULT_NUM_PEAKS);
    }

    /**
     * Replaces the bridge's SQS client with one that turns each SendMessageBatch into one
     * SendMessage per entry, all issued at once, and answers as the batch call would have. Only
     * for this benchmark: a failed entry fails the whole batch, which the bridge then sends again.
     * Behind a profile because the bridge's component scan reaches this package from the tests.
     */
    @Configuration(proxyBeanMethods = false)
    @Profile(OneMessagePerCall.PROFILE)
    static class OneMessagePerCall {

        static final String PROFILE = "one-message-per-call";

        @Bean
        static BeanPostProcessor oneMessagePerCallSqs() {
            return new BeanPostProcessor() {
                @Override
                public Object postProcessAfterInitialization(Object bean, String beanName) {
                    return bean instanceof SqsAsyncClient sqs ? perMessage(sqs) : bean;
                }
            };
        }

        static SqsAsyncClient perMessage(SqsAsyncClient sqs) {
            return (SqsAsyncClient) Proxy.newProxyInstance(SqsAsyncClient.class.getClassLoader(),
                    new Class<?>[] {SqsAsyncClient.class}, (proxy, method, args) -> {
                        if (method.getName().equals("sendMessageBatch") && args != null && args.length == 1
                                && args[0] instanceof SendMessageBatchRequest request) {
                            return oneByOne(sqs, request);
                        }
                        try {
                            return method.invoke(sqs, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
        }

        private static CompletableFuture<SendMessageBatchResponse> oneByOne(SqsAsyncClient sqs,
                                                                            SendMessageBatchRequest request) {
            List<CompletableFuture<SendMessageBatchResultEntry>> sent = new ArrayList<>();
            for (SendMessageBatchRequestEntry entry : request.entries()) {
                sent.add(sqs.sendMessage(SendMessageRequest.builder().queueUrl(request.queueUrl())
                                .messageBody(entry.messageBody())
                                .messageGroupId(entry.messageGroupId())
                                .messageDeduplicationId(entry.messageDeduplicationId())
                                .build())
                        .thenApply(response -> SendMessageBatchResultEntry.builder().id(entry.id())
                                .messageId(response.messageId()).build()));
            }
            return CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).thenApply(ignored ->
                    SendMessageBatchResponse.builder().successful(sent.stream().map(CompletableFuture::join).toList())
                            .failed(List.of()).build());
        }
    }

    private record Result(String mode, int messages, double seconds, long calls) {

        double rate() {
            return messages / seconds;
        }
    }
}
