package io.waveflow.tracing;

import io.waveflow.contracts.TraceHeaders;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.Record;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What tracing costs per record on the paths every Kafka record of a service takes: the consumer
 * interceptor, the producer interceptor and a processor wrapped by {@link TracingProcessorWrapper}
 * (around a processor that does nothing), with tracing off (no exporter: the default) and on
 * (every trace recorded and exported in batches to an exporter that drops them, {@link TestTracing}), next to the
 * bare path. Not a JMH benchmark: a main method, best of several rounds, printed as ns/record with
 * the machine's load average, for README "Tracing". Run:
 * {@code java -cp <tracing test classpath> io.waveflow.tracing.TracingCostBenchmark [records]}.
 */
public final class TracingCostBenchmark {

    private static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    private static final int ROUNDS = 7;

    private TracingCostBenchmark() {
    }

    public static void main(String[] args) {
        int records = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        System.out.printf("tracing cost per record, %d records x %d rounds (best round), load average %.2f%n",
                records, ROUNDS, ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        System.out.printf("%-22s %10s %10s %10s%n", "path", "bare", "off", "on");
        for (String path : List.of("consumer interceptor", "producer interceptor", "wrapped processor")) {
            double bare = measure(path, records, null);
            double off = measure(path, records, false);
            double on = measure(path, records, true);
            System.out.printf("%-22s %10.0f %10.0f %10.0f%n", path, bare, off, on);
        }
        System.out.printf("ns/record; load average after: %.2f%n",
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    /** Best ns/record over the rounds; {@code recording} null: the path without tracing at all. */
    private static double measure(String path, int records, Boolean recording) {
        try (TestTracing tracing = TestTracing.exportingNowhere(Boolean.TRUE.equals(recording))) {
            Runnable round = round(path, records, recording != null);
            double best = Double.MAX_VALUE;
            for (int i = 0; i < ROUNDS; i++) {
                long start = System.nanoTime();
                round.run();
                best = Math.min(best, (System.nanoTime() - start) / (double) records);
            }
            return best;
        }
    }

    private static Runnable round(String path, int records, boolean traced) {
        return switch (path) {
            case "consumer interceptor" -> {
                TracingConsumerInterceptor<byte[], byte[]> interceptor = new TracingConsumerInterceptor<>();
                List<ConsumerRecord<byte[], byte[]>> batch = new ArrayList<>();
                for (int i = 0; i < 500; i++) {
                    batch.add(new ConsumerRecord<>("waveflow.inbound.v1", 0, i, 0L, TimestampType.CREATE_TIME, 4, 0,
                            ("stem-" + i).getBytes(), new byte[0], headers(), Optional.empty()));
                }
                ConsumerRecords<byte[], byte[]> consumed = new ConsumerRecords<>(
                        Map.of(new TopicPartition("waveflow.inbound.v1", 0), batch), Map.of());
                yield () -> {
                    for (int sent = 0; sent < records; sent += batch.size()) {
                        if (traced) {
                            interceptor.onConsume(consumed);
                        } else {
                            consumed.forEach(record -> record.headers().lastHeader(TraceHeaders.TRACEPARENT));
                        }
                    }
                };
            }
            case "producer interceptor" -> {
                TracingProducerInterceptor<byte[], byte[]> interceptor = new TracingProducerInterceptor<>();
                ProducerRecord<byte[], byte[]> record = new ProducerRecord<>("waveflow.commands.v1", null,
                        "stem".getBytes(), new byte[0], headers());
                yield () -> {
                    for (int i = 0; i < records; i++) {
                        sink(traced ? interceptor.onSend(record) : record);
                    }
                };
            }
            case "wrapped processor" -> {
                Processor<String, String, String, String> nothing = input -> { };
                Processor<String, String, String, String> processor = traced
                        ? new TracingProcessorWrapper().wrapProcessorSupplier("stem-inbound", () -> nothing).get()
                        : nothing;
                MockProcessorContext<String, String> context = new MockProcessorContext<>();
                context.setRecordMetadata("waveflow.inbound.v1", 0, 0L);
                processor.init(context);
                Record<String, String> record = new Record<>("stem", "v", 0L, headers());
                yield () -> {
                    for (int i = 0; i < records; i++) {
                        processor.process(record);
                    }
                };
            }
            default -> throw new IllegalArgumentException(path);
        };
    }

    private static RecordHeaders headers() {
        RecordHeaders headers = new RecordHeaders();
        TraceHeaders.set(headers, TraceHeaders.TRACEPARENT, TRACEPARENT);
        return headers;
    }

    private static volatile Object blackhole;

    private static void sink(Object value) {
        blackhole = value;
    }
}
