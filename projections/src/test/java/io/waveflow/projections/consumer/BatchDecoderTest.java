package io.waveflow.projections.consumer;

import io.waveflow.contracts.deadletter.DeadLetter;
import io.waveflow.contracts.json.Codecs;
import io.waveflow.contracts.topic.Topics;
import io.waveflow.contracts.workflow.WorkflowEvent;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static io.waveflow.projections.WorkflowEvents.completed;
import static io.waveflow.projections.WorkflowEvents.registered;
import static org.assertj.core.api.Assertions.assertThat;

class BatchDecoderTest {

    private static final Instant NOW = Instant.parse("2026-01-05T12:00:00Z");

    private final BatchDecoder decoder = new BatchDecoder(Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void shouldDecodeWorkflowEventsInRecordOrder() {
        WorkflowEvent first = registered("s1");
        WorkflowEvent second = completed("s1", "h");

        DecodedBatch batch = decoder.decode(List.of(record(0, "s1", Codecs.WORKFLOW.encode(first)),
                record(1, "s1", Codecs.WORKFLOW.encode(second))));

        assertThat(batch.events()).containsExactly(first, second);
        assertThat(batch.deadLetters()).isEmpty();
    }

    @Test
    void shouldDeadLetterRecordThatIsNotJson() {
        DecodedBatch batch = decoder.decode(List.of(record(7, "s2", "not json".getBytes(StandardCharsets.UTF_8))));

        assertThat(batch.events()).isEmpty();
        DeadLetter letter = batch.deadLetters().get(0);
        assertThat(letter.sourceTopic()).isEqualTo(Topics.WORKFLOW.name());
        assertThat(letter.sourcePartition()).isEqualTo(3);
        assertThat(letter.sourceOffset()).isEqualTo(7);
        assertThat(letter.key()).isEqualTo("s2");
        assertThat(letter.value()).isEqualTo("not json");
        assertThat(letter.reason()).startsWith("not JSON");
        assertThat(letter.failedIn()).isEqualTo("projections");
        assertThat(letter.time()).isEqualTo(NOW);
    }

    @Test
    void shouldDeadLetterUnknownTypeAndMissingValueButKeepTheGoodRecords() {
        byte[] unknownType = "{\"type\":\"io.waveflow.workflow.Nope.v1\",\"data\":{}}".getBytes(StandardCharsets.UTF_8);
        WorkflowEvent good = registered("s3");

        DecodedBatch batch = decoder.decode(List.of(record(1, "s3", unknownType), record(2, null, null),
                record(3, "s3", Codecs.WORKFLOW.encode(good))));

        assertThat(batch.events()).containsExactly(good);
        assertThat(batch.deadLetters()).extracting(DeadLetter::reason)
                .containsExactly("unknown WorkflowEvent type: io.waveflow.workflow.Nope.v1",
                        "WorkflowEvent record has no value");
    }

    private static ConsumerRecord<String, byte[]> record(long offset, String key, byte[] value) {
        return new ConsumerRecord<>(Topics.WORKFLOW.name(), 3, offset, key, value);
    }
}
