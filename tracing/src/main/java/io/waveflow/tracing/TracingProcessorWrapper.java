package io.waveflow.tracing;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorSupplier;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.ProcessorWrapper;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.processor.api.WrappedFixedKeyProcessorSupplier;
import org.apache.kafka.streams.processor.api.WrappedProcessorSupplier;
import org.apache.kafka.streams.state.StoreBuilder;

import java.util.Optional;
import java.util.Set;

/**
 * A span per record a Kafka Streams processor handles (KIP-1112 {@code processor.wrapper.class},
 * set in workflow-streams' Streams properties): named {@code <processor name>}, child of the
 * record's {@code traceparent}, with the stem id (the record's key) as attribute, current while
 * the processor runs (its log lines carry the trace), and written back into the record's headers,
 * so what the processor forwards, and so the producer span of its output, continues it. A record
 * whose span would not be recorded goes to the processor as it is ({@link KafkaTracing#passesThrough}):
 * the headers Kafka Streams copies to what a processor forwards already carry its trace.
 * Punctuations are not records and get no span.
 */
public class TracingProcessorWrapper implements ProcessorWrapper {

    @Override
    public <KIn, VIn, KOut, VOut> WrappedProcessorSupplier<KIn, VIn, KOut, VOut> wrapProcessorSupplier(
            String processorName, ProcessorSupplier<KIn, VIn, KOut, VOut> supplier) {
        return new WrappedProcessorSupplier<>() {
            @Override
            public Processor<KIn, VIn, KOut, VOut> get() {
                return new TracedProcessor<>(processorName, supplier.get());
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                return supplier.stores();
            }
        };
    }

    @Override
    public <KIn, VIn, VOut> WrappedFixedKeyProcessorSupplier<KIn, VIn, VOut> wrapFixedKeyProcessorSupplier(
            String processorName, FixedKeyProcessorSupplier<KIn, VIn, VOut> supplier) {
        return new WrappedFixedKeyProcessorSupplier<>() {
            @Override
            public FixedKeyProcessor<KIn, VIn, VOut> get() {
                return new TracedFixedKeyProcessor<>(processorName, supplier.get());
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                return supplier.stores();
            }
        };
    }

    /**
     * Runs {@code process} in the record's processing span, whose context {@code headers} (the
     * forwarded record's) then carry; {@code input}: where the record was read from.
     */
    private static void inSpan(KafkaTracing tracing, String processorName, Object key, Object value,
                               Optional<RecordMetadata> input, Headers headers, Runnable process) {
        Span span = tracing.startInternal(processorName, headers);
        RecordSpans.tagKey(span, input.map(RecordMetadata::topic).orElse(null), key);
        RecordSpans.tagStem(span, value);
        tracing.inject(span, headers);
        try (Tracer.SpanInScope scope = tracing.inScope(span)) {
            process.run();
        } catch (RuntimeException e) {
            span.error(e);
            throw e;
        } finally {
            span.end();
        }
    }

    private static final class TracedProcessor<KIn, VIn, KOut, VOut> implements Processor<KIn, VIn, KOut, VOut> {

        private final String name;
        private final Processor<KIn, VIn, KOut, VOut> delegate;
        private KafkaTracing tracing;
        private ProcessorContext<KOut, VOut> context;

        TracedProcessor(String name, Processor<KIn, VIn, KOut, VOut> delegate) {
            this.name = name;
            this.delegate = delegate;
        }

        @Override
        public void init(ProcessorContext<KOut, VOut> context) {
            this.tracing = KafkaTracing.installed();
            this.context = context;
            delegate.init(context);
        }

        @Override
        public void process(Record<KIn, VIn> record) {
            if (tracing.passesThrough(record.headers())) {
                delegate.process(record);
                return;
            }
            // A copy (Record copies the headers it is given): the caller may forward the same record
            // to other processors, whose spans are siblings of this one, not children.
            Record<KIn, VIn> traced = record.withHeaders(record.headers());
            inSpan(tracing, name, record.key(), record.value(), context.recordMetadata(), traced.headers(),
                    () -> delegate.process(traced));
        }

        @Override
        public void close() {
            delegate.close();
        }
    }

    private static final class TracedFixedKeyProcessor<KIn, VIn, VOut> implements FixedKeyProcessor<KIn, VIn, VOut> {

        private final String name;
        private final FixedKeyProcessor<KIn, VIn, VOut> delegate;
        private KafkaTracing tracing;
        private FixedKeyProcessorContext<KIn, VOut> context;

        TracedFixedKeyProcessor(String name, FixedKeyProcessor<KIn, VIn, VOut> delegate) {
            this.name = name;
            this.delegate = delegate;
        }

        @Override
        public void init(FixedKeyProcessorContext<KIn, VOut> context) {
            this.tracing = KafkaTracing.installed();
            this.context = context;
            delegate.init(context);
        }

        @Override
        public void process(FixedKeyRecord<KIn, VIn> record) {
            if (tracing.passesThrough(record.headers())) {
                delegate.process(record);
                return;
            }
            // Unlike Record, FixedKeyRecord keeps the headers object it is given: copy it here.
            FixedKeyRecord<KIn, VIn> traced = record.withHeaders(new RecordHeaders(record.headers().toArray()));
            inSpan(tracing, name, record.key(), record.value(), context.recordMetadata(), traced.headers(),
                    () -> delegate.process(traced));
        }

        @Override
        public void close() {
            delegate.close();
        }
    }
}
