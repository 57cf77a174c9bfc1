package io.waveflow.workflow.topology;

import io.waveflow.contracts.deadletter.DeadLetters;
import io.waveflow.contracts.topic.Topic;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Decodes raw values of one topic. A record that does not decode goes to the dead-letter sink
 * with the reason, inside the same transaction, and the topology keeps running.
 */
final class DecodingProcessor<V> implements Processor<String, byte[], String, Object> {

    private final Topic<String, V> topic;
    private final String decodedChild;
    private final String deadLetterChild;
    private final WorkflowObserver observer;
    private ProcessorContext<String, Object> context;

    DecodingProcessor(Topic<String, V> topic, String decodedChild, String deadLetterChild, WorkflowObserver observer) {
        this.topic = topic;
        this.decodedChild = decodedChild;
        this.deadLetterChild = deadLetterChild;
        this.observer = observer;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
    }

    @Override
    public void process(Record<String, byte[]> record) {
        V value;
        try {
            value = topic.valueSerde().deserializer().deserialize(topic.name(), record.value());
        } catch (SerializationException e) {
            RecordMetadata source = context.recordMetadata().orElseThrow();
            byte[] key = record.key() == null ? null : record.key().getBytes(StandardCharsets.UTF_8);
            context.forward(record.withValue(DeadLetters.of(source.topic(), source.partition(), source.offset(), key,
                    record.value(), e.getMessage(), "workflow-streams",
                    Instant.ofEpochMilli(context.currentSystemTimeMs()))), deadLetterChild);
            observer.deadLettered(topic.name());
            return;
        }
        context.forward(record.withValue(value), decodedChild);
    }
}
