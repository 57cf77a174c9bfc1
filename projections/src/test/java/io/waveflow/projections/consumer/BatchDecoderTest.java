package io.waveflow.projections.consumer;

import io.waveflow.contracts.deadletter.DeadLetter;
import io.waveflow.contracts.json.Codecs;
import io.waveflow.contracts.topic.Topics;
import io.waveflow.contracts.workflow.WorkflowEvent;
import io.waveflow.projections.InboundEvents;
import io.waveflow.projections.store.ConsumedRecord;
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
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BatchDecoderTest {

    private static final Instant NOW = Instant.parse("2026-01-05T12:00:00Z");

    private final BatchDecoder decoder = new BatchDecoder(Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void shouldDecodeWorkflowEventsInRecordOrderWithWhereTheyWereRead() {
        WorkflowEvent first = registered("s1");
        WorkflowEvent second = completed("s1", "h");

        List<ConsumedRecord> batch = decoder.decode(List.of(workflow(0, "s1", Codecs.WORKFLOW.encode(first)),
                workflow(1, "s1", Codecs.WORKFLOW.encode(second))));

        assertThat(batch).extracting(ConsumedRecord::event).containsExactly(first, second);
        assertThat(batch).extracting(ConsumedRecord::offset).containsExactly(0L, 1L);
        assertThat(batch.get(0).eventType()).isEqualTo("io.waveflow.workflow.StemRegistered.v1");
        assertThat(batch.get(0).topicPartition().partition()).isEqualTo(3);
    }

    @Test
    void shouldDecodeInboundEventsWithTheInboundCodec() {
        var upload = InboundEvents.uploaded("s1");

        ConsumedRecord decoded = decoder.decode(new ConsumerRecord<>(Topics.INBOUND.name(), 1, 9, "s1",
                Codecs.INBOUND.encode(upload)));

        assertThat(decoded.event()).isEqualTo(upload);
        assertThat(decoded.eventType()).isEqualTo("io.waveflow.inbound.UploadCompleted.v1");
        assertThat(decoded.topic()).isEqualTo(Topics.INBOUND.name());
    }

    @Test
    void shouldDeadLetterAWorkflowEventFoundOnTheInboundTopic() {
        ConsumedRecord decoded = decoder.decode(new ConsumerRecord<>(Topics.INBOUND.name(), 1, 9, "s1",
                Codecs.WORKFLOW.encode(registered("s1"))));

        assertThat(decoded.isEvent()).isFalse();
        assertThat(decoded.deadLetter().reason()).isEqualTo("unknown InboundEvent type: io.waveflow.workflow.StemRegistered.v1");
    }

    @Test
    void shouldDeadLetterRecordThatIsNotJson() {
        List<ConsumedRecord> batch = decoder.decode(List.of(workflow(7, "s2", "not json".getBytes(StandardCharsets.UTF_8))));

        DeadLetter letter = batch.get(0).deadLetter();
        assertThat(letter.sourceTopic()).isEqualTo(Topics.WORKFLOW.name());
        assertThat(letter.sourcePartition()).isEqualTo(3);
        assertThat(letter.sourceOffset()).isEqualTo(7);
        assertThat(letter.key()).isEqualTo("s2");
        assertThat(letter.value()).isEqualTo("not json");
        assertThat(letter.reason()).startsWith("not JSON");
        assertThat(letter.failedIn()).isEqualTo("projections");
        assertThat(letter.time()).isEqualTo(NOW);
        assertThat(batch.get(0).offset()).isEqualTo(7);
    }

    @Test
    void shouldDeadLetterUnknownTypeAndMissingValueButKeepTheGoodRecords() {
        byte[] unknownType = "{\"type\":\"io.waveflow.workflow.Nope.v1\",\"data\":{}}".getBytes(StandardCharsets.UTF_8);
        WorkflowEvent good = registered("s3");

        List<ConsumedRecord> batch = decoder.decode(List.of(workflow(1, "s3", unknownType), workflow(2, null, null),
                workflow(3, "s3", Codecs.WORKFLOW.encode(good))));

        assertThat(batch).filteredOn(ConsumedRecord::isEvent).extracting(ConsumedRecord::event).containsExactly(good);
        assertThat(batch).filteredOn(record -> !record.isEvent()).extracting(record -> record.deadLetter().reason())
                .containsExactly("unknown WorkflowEvent type: io.waveflow.workflow.Nope.v1",
                        "WorkflowEvent record has no value");
    }

    @Test
    void shouldRefuseRecordsOfOtherTopics() {
        assertThatThrownBy(() -> decoder.decode(new ConsumerRecord<>(Topics.COMMANDS.name(), 0, 0, "s", new byte[0])))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static ConsumerRecord<String, byte[]> workflow(long offset, String key, byte[] value) {
        return new ConsumerRecord<>(Topics.WORKFLOW.name(), 3, offset, key, value);
    }
}
