package io.waveflow.contracts.json;

import io.waveflow.contracts.Stage;
import io.waveflow.contracts.command.ProcessAudioAnalysis;
import io.waveflow.contracts.command.StageCommand;
import io.waveflow.contracts.inbound.CompletionResult;
import io.waveflow.contracts.inbound.HashReported;
import io.waveflow.contracts.inbound.InboundEvent;
import io.waveflow.contracts.inbound.ProcessingCompleted;
import io.waveflow.contracts.inbound.StemDeleted;
import io.waveflow.contracts.inbound.UploadCompleted;
import io.waveflow.contracts.workflow.StemFailed;
import io.waveflow.contracts.workflow.WorkflowEvent;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EnvelopeCodecTest {

    private static final Instant TIME = Instant.parse("2026-11-26T01:02:03.456Z");

    @Test
    void shouldRoundTripEveryInboundEventInACloudEventsEnvelope() {
        List<InboundEvent> events = List.of(
                new UploadCompleted("e1", TIME, "s1", "u1", "t1", "a/b.wav", "b.wav", "2026-11-26T01:02:03.456Z"),
                new HashReported("e2", TIME, "s1", "u1", "t1", "a/b.wav", "abc", "ts", "b.wav", "SUCCESS"),
                new ProcessingCompleted("e3", TIME, "s1", null, "SUCCESS", "ts",
                        CompletionResult.success("abc", "w.json", 10L, 1.5, 44100, 1024)),
                new StemDeleted("e4", TIME, "s1", "u1", "t1"));

        for (InboundEvent event : events) {
            byte[] bytes = Codecs.INBOUND.encode(event);
            assertThat(Codecs.INBOUND.decode(bytes)).isEqualTo(event);

            JsonNode envelope = Json.MAPPER.readTree(bytes);
            assertThat(envelope.get("specversion").asString()).isEqualTo("1.0");
            assertThat(envelope.get("id").asString()).isEqualTo(event.id());
            assertThat(envelope.get("subject").asString()).isEqualTo("s1");
            assertThat(envelope.get("time").asString()).isEqualTo("2026-11-26T01:02:03.456Z");
            assertThat(envelope.get("type").asString()).startsWith("io.waveflow.inbound.").endsWith(".v1");
        }
    }

    @Test
    void shouldRoundTripWorkflowEventsAndCommands() {
        WorkflowEvent failed = new StemFailed("w1", TIME, "s1", Stage.ANALYSIS, "worker-error", "E42", "bad file");
        assertThat(Codecs.WORKFLOW.decode(Codecs.WORKFLOW.encode(failed))).isEqualTo(failed);

        StageCommand analysis = new ProcessAudioAnalysis("analysis-s1-1", TIME, "s1", 1, "u1", "t1", "a/b.wav",
                "abc", "ts", "b.wav", 1024);
        assertThat(Codecs.COMMANDS.decode(Codecs.COMMANDS.encode(analysis))).isEqualTo(analysis);
    }

    @Test
    void shouldRejectMalformedRecordsWithAReason() {
        assertThatThrownBy(() -> Codecs.INBOUND.decode("not json".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MalformedRecordException.class).hasMessageContaining("not JSON");
        assertThatThrownBy(() -> Codecs.INBOUND.decode("{\"type\":\"nope\"}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MalformedRecordException.class).hasMessageContaining("unknown InboundEvent type");
        assertThatThrownBy(() -> Codecs.INBOUND.decode(
                "{\"type\":\"io.waveflow.inbound.StemDeleted.v1\",\"data\":{\"userId\":\"u\"}}"
                        .getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MalformedRecordException.class).hasMessageContaining("lacks id, stemId or time");
        assertThatThrownBy(() -> Codecs.INBOUND.decode(
                "{\"type\":\"io.waveflow.inbound.StemDeleted.v1\",\"data\":{\"id\":\" \",\"stemId\":\"s1\",\"time\":\"2026-11-26T00:00:00Z\"}}"
                        .getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MalformedRecordException.class).hasMessageContaining("lacks id, stemId or time");
        assertThatThrownBy(() -> Codecs.INBOUND.decode(null)).isInstanceOf(MalformedRecordException.class);
    }
}
