package io.waveflow.replay.output;

import io.waveflow.contracts.json.Json;
import io.waveflow.replay.CsvReader;
import io.waveflow.replay.Events;
import io.waveflow.replay.Events.Produced;
import io.waveflow.replay.event.EventParser;
import io.waveflow.replay.event.ReplayedEvent;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class EventWriterTest {

    private static final Instant START = Instant.parse("2026-11-26T00:00:00.123Z");
    private static final long TIMESTAMP = Instant.parse("2026-11-26T00:00:01.5Z").toEpochMilli();

    @Test
    void shouldWriteEachEventAsTheProducedCloudEventPlusWhereItWasInKafka() throws Exception {
        for (Produced record : Events.everyType(START)) {
            // given
            ReplayedEvent event = parse(record, 3, 5_000_000_000L);

            // when
            String out = write(OutputFormat.jsonl, event);

            // then
            assertThat(out).endsWith("\n").hasLineCount(1);
            ObjectNode line = (ObjectNode) Json.MAPPER.readTree(out);
            assertThat(line.get("kafkatopic").asString()).isEqualTo(record.topic());
            assertThat(line.get("kafkapartition").asInt()).isEqualTo(3);
            assertThat(line.get("kafkaoffset").asString()).isEqualTo("5000000000");
            assertThat(line.get("kafkatimestamp").asString()).isEqualTo("2026-11-26T00:00:01.500Z");
            line.remove(List.of("kafkatopic", "kafkapartition", "kafkaoffset", "kafkatimestamp"));
            JsonNode produced = Json.MAPPER.readTree(record.value());
            if (produced.has("specversion")) {
                assertThat(line).isEqualTo(produced);
            } else {
                assertThat(line.get("data")).isEqualTo(produced);
            }
        }
    }

    @Test
    void shouldCopyAOneLineValueByteForByteAndRewriteOneSpreadOverLines() throws Exception {
        // given
        Produced upload = Events.inbound(Events.upload("s1", "u1", "t1", START));
        String pretty = Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(Json.MAPPER.readTree(upload.value()));
        Produced spread = new Produced(upload.topic(), upload.key(), pretty.getBytes(StandardCharsets.UTF_8));

        // when
        String copied = write(OutputFormat.jsonl, parse(upload, 0, 1));
        String rewritten = write(OutputFormat.jsonl, parse(spread, 0, 1));

        // then
        String produced = new String(upload.value(), StandardCharsets.UTF_8);
        assertThat(copied).startsWith(produced.substring(0, produced.length() - 1) + ",\"kafkatopic\":");
        assertThat(rewritten).hasLineCount(1);
        assertThat(Json.MAPPER.readTree(rewritten)).isEqualTo(Json.MAPPER.readTree(copied));
    }

    @Test
    void shouldWriteCsvWithAHeaderAndTheDataAsCompactJson() throws Exception {
        // given
        Produced upload = Events.inbound(Events.upload("s1", "u1", "t1", START));

        // when
        String out = write(OutputFormat.csv, parse(upload, 1, 7L));

        // then
        List<List<String>> rows = CsvReader.parse(out);
        assertThat(rows.get(0)).containsExactly("topic", "partition", "offset", "kafkaTimestamp", "time", "type", "id",
                "subject", "userId", "trackId", "data");
        assertThat(rows.get(1)).containsExactly("waveflow.inbound.v1", "1", "7", "2026-11-26T00:00:01.500Z",
                "2026-11-26T00:00:00.123Z", "io.waveflow.inbound.UploadCompleted.v1", "s1-upload", "s1", "u1", "t1",
                Json.MAPPER.readTree(upload.value()).get("data").toString());
        assertThat(rows).hasSize(2);
    }

    @Test
    void shouldWriteOnlyTheHeaderWhenNothingMatched() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        OutputFormat.csv.open(out).close();

        assertThat(out.toString(StandardCharsets.UTF_8))
                .isEqualTo("topic,partition,offset,kafkaTimestamp,time,type,id,subject,userId,trackId,data\r\n");
    }

    private static ReplayedEvent parse(Produced record, int partition, long offset) {
        return new EventParser().parse(new ConsumerRecord<>(record.topic(), partition, offset, TIMESTAMP,
                TimestampType.CREATE_TIME, 0, 0, record.key().getBytes(StandardCharsets.UTF_8), record.value(),
                new RecordHeaders(), Optional.empty()));
    }

    private static String write(OutputFormat format, ReplayedEvent event) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (EventWriter writer = format.open(out)) {
            writer.write(event);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
