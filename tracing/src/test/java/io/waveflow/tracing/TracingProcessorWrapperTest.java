package io.waveflow.tracing;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.waveflow.contracts.AboutStem;
import io.waveflow.contracts.TraceHeaders;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyConfig;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

import java.util.Properties;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The processor wrapper on a two-processor topology (decode, then stem, as workflow-streams'
 * inbound side): recording, each processor's span is a child of the one before it and the
 * forwarded record names the last; exporting nothing, the record reaches the sink as it came.
 */
class TracingProcessorWrapperTest {

    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String CALLER_SPAN = "00f067aa0ba902b7";
    private static final String CALLER = "00-" + TRACE + "-" + CALLER_SPAN + "-01";

    @Test
    void shouldGiveEveryProcessorASpanInTheRecordsTraceAndForwardItsContext() {
        try (TestTracing tracing = TestTracing.recording()) {
            TestRecord<String, String> out = pipe("waveflow.inbound.v1", CALLER);

            assertThat(tracing.spans()).extracting(SpanData::getName).containsExactly("stem", "decode");
            SpanData stem = tracing.spans().get(0);
            SpanData decode = tracing.spans().get(1);
            assertThat(decode.getTraceId()).isEqualTo(TRACE);
            assertThat(decode.getParentSpanId()).isEqualTo(CALLER_SPAN);
            assertThat(stem.getParentSpanId()).isEqualTo(decode.getSpanId());
            assertThat(stem.getAttributes().get(AttributeKey.stringKey(KafkaTracing.STEM_ID))).isEqualTo("s1");
            assertThat(TraceHeaders.get(out.headers(), TraceHeaders.TRACEPARENT))
                    .isEqualTo("00-" + TRACE + "-" + stem.getSpanId() + "-01");
        }
    }

    @Test
    void shouldNotCallAClaimKeyAStem() {
        try (TestTracing tracing = TestTracing.recording()) {
            pipe("app-claims-repartition", CALLER);

            assertThat(tracing.spans()).allSatisfy(span ->
                    assertThat(span.getAttributes().get(AttributeKey.stringKey(KafkaTracing.STEM_ID))).isNull());
        }
    }

    @Test
    void shouldTagTheStemADecodedClaimIsAbout() {
        try (TestTracing tracing = TestTracing.recording()) {
            Properties config = config();
            Topology topology = new Topology(new TopologyConfig(new StreamsConfig(config)));
            topology.addSource("source", Serdes.String().deserializer(), Serdes.String().deserializer(),
                    "app-claims-repartition");
            topology.addProcessor("decode", () -> new Forward<String, Object>(Claim::new), "source");
            topology.addProcessor("hash-claims", () -> new Forward<Object, String>(v -> v + "."), "decode");
            try (TopologyTestDriver driver = new TopologyTestDriver(topology, config)) {
                RecordHeaders headers = new RecordHeaders();
                TraceHeaders.set(headers, TraceHeaders.TRACEPARENT, CALLER);
                driver.createInputTopic("app-claims-repartition", Serdes.String().serializer(), Serdes.String().serializer())
                        .pipeInput(new TestRecord<>("user|track|hash", "s7", headers));
            }

            assertThat(tracing.spans()).extracting(SpanData::getName).containsExactly("hash-claims", "decode");
            assertThat(tracing.spans().get(0).getAttributes().get(AttributeKey.stringKey(KafkaTracing.STEM_ID)))
                    .isEqualTo("s7");
            assertThat(tracing.spans().get(1).getAttributes().get(AttributeKey.stringKey(KafkaTracing.STEM_ID))).isNull();
        }
    }

    @Test
    void shouldForwardTheRecordAsItCameWhenExportingNothing() {
        try (TestTracing tracing = TestTracing.off()) {
            TestRecord<String, String> out = pipe("waveflow.inbound.v1", CALLER);

            assertThat(TraceHeaders.get(out.headers(), TraceHeaders.TRACEPARENT)).isEqualTo(CALLER);
            assertThat(out.headers().headers(TraceHeaders.TRACEPARENT)).hasSize(1);
            assertThat(tracing.spans()).isEmpty();
        }
    }

    @Test
    void shouldStartATraceForARecordWithoutOneWhenExportingNothing() {
        try (TestTracing tracing = TestTracing.off()) {
            TestRecord<String, String> out = pipe("waveflow.inbound.v1", null);

            assertThat(TraceHeaders.traceId(TraceHeaders.get(out.headers(), TraceHeaders.TRACEPARENT)))
                    .matches("[0-9a-f]{32}").isNotEqualTo("0".repeat(32));
        }
    }

    /** One record with {@code traceparent} (or none) through decode → stem → sink. */
    private static TestRecord<String, String> pipe(String topic, String traceparent) {
        Properties config = config();
        Topology topology = new Topology(new TopologyConfig(new StreamsConfig(config)));
        topology.addSource("source", Serdes.String().deserializer(), Serdes.String().deserializer(), topic);
        topology.addProcessor("decode", () -> new Forward<String, String>(v -> v + "."), "source");
        topology.addProcessor("stem", () -> new Forward<String, String>(v -> v + "."), "decode");
        topology.addSink("sink", "out", Serdes.String().serializer(), Serdes.String().serializer(), "stem");
        try (TopologyTestDriver driver = new TopologyTestDriver(topology, config)) {
            TestInputTopic<String, String> in = driver.createInputTopic(topic, Serdes.String().serializer(),
                    Serdes.String().serializer());
            TestOutputTopic<String, String> out = driver.createOutputTopic("out", Serdes.String().deserializer(),
                    Serdes.String().deserializer());
            RecordHeaders headers = new RecordHeaders();
            if (traceparent != null) {
                TraceHeaders.set(headers, TraceHeaders.TRACEPARENT, traceparent);
            }
            in.pipeInput(new TestRecord<>("s1", "v", headers));
            TestRecord<String, String> record = out.readRecord();
            assertThat(out.isEmpty()).isTrue();
            return record;
        }
    }

    private static Properties config() {
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "wrapper-test");
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        config.put(StreamsConfig.PROCESSOR_WRAPPER_CLASS_CONFIG, TracingProcessorWrapper.class);
        return config;
    }

    /** A claim decoder's output: keyed by claim key, about the stem its value names. */
    private record Claim(String stemId) implements AboutStem {
    }

    /** Forwards what it gets as the topology's processors do: {@code record.withValue}, keeping the headers. */
    private static final class Forward<V, W> implements Processor<String, V, String, W> {

        private final Function<V, W> value;
        private ProcessorContext<String, W> context;

        Forward(Function<V, W> value) {
            this.value = value;
        }

        @Override
        public void init(ProcessorContext<String, W> context) {
            this.context = context;
        }

        @Override
        public void process(Record<String, V> record) {
            context.forward(record.withValue(value.apply(record.value())));
        }
    }
}
