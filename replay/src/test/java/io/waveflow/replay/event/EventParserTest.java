package io.waveflow.replay.event;

import io.waveflow.contracts.json.Json;
import io.waveflow.contracts.topic.Topics;
import io.waveflow.replay.Events;
import io.waveflow.replay.Events.Produced;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventParserTest {

    private static final Instant START = Instant.parse("2026-11-26T00:00:00.123Z");

    private final EventParser parser = new EventParser();

    @Test
    void shouldReadWhatTheCodecsWriteAsStructuredCloudEvents() {
        List<Produced> produced = Events.everyType(START).stream()
                .filter(record -> !record.topic().equals(Topics.DEAD_LETTER.name())).toList();

        for (Produced record : produced) {
            // when
            ReplayedEvent event = parser.parse(record(record.topic(), record.key(), record.value()));

            // then
            JsonNode envelope = Json.MAPPER.readTree(record.value());
            assertThat(event.event().getSpecVersion().toString()).isEqualTo("1.0");
            assertThat(event.event().getId()).isEqualTo(envelope.get("id").asString());
            assertThat(event.event().getSource().toString()).isEqualTo(envelope.get("source").asString());
            assertThat(event.type()).isEqualTo(envelope.get("type").asString());
            assertThat(event.stemId()).isEqualTo(record.key()).isEqualTo(envelope.get("subject").asString());
            assertThat(event.event().getTime().toInstant()).isEqualTo(Instant.parse(envelope.get("time").asString()));
            assertThat(event.event().getDataContentType()).isEqualTo("application/json");
            assertThat(Json.MAPPER.readTree(event.data().toString())).isEqualTo(envelope.get("data"));
        }
    }

    @Test
    void shouldTakeUserAndTrackFromTheData() {
        ReplayedEvent upload = parse(Events.inbound(Events.upload("s1", "u1", "t1", START)));

        assertThat(upload.userId()).isEqualTo("u1");
        assertThat(upload.trackId()).isEqualTo("t1");
    }

    @Test
    void shouldPresentADeadLetterAsACloudEventAroundTheLetter() {
        // given
        Produced letter = Events.deadLetter("s9", "{not json", START);

        // when
        ReplayedEvent event = parser.parse(new ConsumerRecord<>(letter.topic(), 2, 41L,
                letter.key().getBytes(StandardCharsets.UTF_8), letter.value()));

        // then
        assertThat(event.type()).isEqualTo(EventParser.DEAD_LETTER_TYPE);
        assertThat(event.event().getId()).isEqualTo(Topics.DEAD_LETTER.name() + "/2/41");
        assertThat(event.event().getSource().toString()).isEqualTo("/waveflow/workflow-streams");
        assertThat(event.stemId()).isEqualTo("s9");
        assertThat(event.event().getTime().toInstant()).isEqualTo(START);
        assertThat(Json.MAPPER.readTree(event.data().toString())).isEqualTo(Json.MAPPER.readTree(letter.value()));
    }

    @Test
    void shouldRefuseRecordsThatAreNotCloudEventsWithAReason() {
        String inbound = Topics.INBOUND.name();
        assertThatThrownBy(() -> parser.parse(record(inbound, "s1", "not json".getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(UnreadableRecordException.class).hasMessageContaining("not a structured-mode CloudEvent");
        assertThatThrownBy(() -> parser.parse(record(inbound, "s1",
                "{\"id\":\"x\",\"type\":\"t\",\"source\":\"/s\"}".getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(UnreadableRecordException.class).hasMessageContaining("specversion");
        assertThatThrownBy(() -> parser.parse(record(inbound, "s1",
                "{\"specversion\":\"1.0\",\"id\":\"x\",\"type\":\"t\"}".getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(UnreadableRecordException.class).hasMessageContaining("source");
        assertThatThrownBy(() -> parser.parse(record(inbound, "s1", null)))
                .isInstanceOf(UnreadableRecordException.class).hasMessageContaining("no value");
        assertThatThrownBy(() -> parser.parse(record(Topics.DEAD_LETTER.name(), "s1",
                "[1,2]".getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(UnreadableRecordException.class).hasMessageContaining("not a dead letter");
    }

    private ReplayedEvent parse(Produced record) {
        return parser.parse(record(record.topic(), record.key(), record.value()));
    }

    private static ConsumerRecord<byte[], byte[]> record(String topic, String key, byte[] value) {
        return new ConsumerRecord<>(topic, 0, 0L, key.getBytes(StandardCharsets.UTF_8), value);
    }
}
