package io.waveflow.bridge.outbox;

import io.waveflow.contracts.inbound.StemDeleted;
import io.waveflow.contracts.inbound.UploadCompleted;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OutboxMapperTest {

    private static final String ID = "0b9f5d8e-3c1a-4d0e-9a55-6f1f7c1e2a10";
    private static final Instant CREATED = Instant.parse("2026-11-26T08:30:00.123456Z");

    @Test
    void shouldMapUploadRowToUploadCompletedWithRowIdAndCreationTime() {
        OutboxRow row = row("stem-1", OutboxMapper.UPLOAD_COMPLETED, OutboxRows.uploadPayload("stem-1"));

        assertThat(OutboxMapper.toEvent(row)).isEqualTo(new UploadCompleted(ID,
                Instant.parse("2026-11-26T08:30:00.123Z"), "stem-1", "user-1", "track-1", "stems/stem-1.wav",
                "bass.wav", "2026-11-26T08:30:00.123Z"));
    }

    @Test
    void shouldMapDeleteRowToStemDeletedOfTheAggregate() {
        OutboxRow row = row("stem-1", OutboxMapper.STEM_DELETED, OutboxRows.deletePayload());

        assertThat(OutboxMapper.toEvent(row)).isEqualTo(new StemDeleted(ID,
                Instant.parse("2026-11-26T08:30:00.123Z"), "stem-1", "user-1", "track-1"));
    }

    @Test
    void shouldMapTheSameRowToTheSameEvent() {
        OutboxRow row = row("stem-1", OutboxMapper.UPLOAD_COMPLETED, OutboxRows.uploadPayload("stem-1"));

        assertThat(OutboxMapper.toEvent(row)).isEqualTo(OutboxMapper.toEvent(row));
    }

    @Test
    void shouldRejectUnknownTypeWithReason() {
        assertThatThrownBy(() -> OutboxMapper.toEvent(row("stem-1", "StemRenamed", OutboxRows.deletePayload())))
                .isInstanceOf(MalformedOutboxRowException.class)
                .hasMessageContaining("type must be 'UploadCompleted' or 'StemDeleted', was 'StemRenamed'");
    }

    @Test
    void shouldRejectPayloadWithMissingFieldsNamingEach() {
        assertThatThrownBy(() -> OutboxMapper.toEvent(row("stem-1", OutboxMapper.UPLOAD_COMPLETED,
                "{\"stemId\":\"stem-1\",\"userId\":\"user-1\"}")))
                .isInstanceOf(MalformedOutboxRowException.class)
                .hasMessageContaining("trackId is required")
                .hasMessageContaining("filepath is required")
                .hasMessageContaining("original_filename is required");
    }

    @Test
    void shouldRejectPayloadThatIsNotJsonOrNamesAnotherStem() {
        assertThatThrownBy(() -> OutboxMapper.toEvent(row("stem-1", OutboxMapper.STEM_DELETED, "not json")))
                .isInstanceOf(MalformedOutboxRowException.class).hasMessageContaining("payload is invalid");
        assertThatThrownBy(() -> OutboxMapper.toEvent(row("stem-2", OutboxMapper.UPLOAD_COMPLETED,
                OutboxRows.uploadPayload("stem-1"))))
                .isInstanceOf(MalformedOutboxRowException.class).hasMessageContaining("differs from aggregateid");
    }

    @Test
    void shouldRejectWrongAggregateTypeAndNonUuidId() {
        assertThatThrownBy(() -> OutboxMapper.toEvent(new OutboxRow(ID, "track", "stem-1",
                OutboxMapper.STEM_DELETED, OutboxRows.deletePayload(), CREATED)))
                .isInstanceOf(MalformedOutboxRowException.class).hasMessageContaining("aggregatetype must be 'stem'");
        assertThatThrownBy(() -> OutboxMapper.toEvent(new OutboxRow("42", "stem", "stem-1",
                OutboxMapper.STEM_DELETED, OutboxRows.deletePayload(), CREATED)))
                .isInstanceOf(MalformedOutboxRowException.class).hasMessageContaining("id must be a UUID");
    }

    private static OutboxRow row(String stemId, String type, String payload) {
        return new OutboxRow(ID, OutboxMapper.AGGREGATE_TYPE, stemId, type, payload, CREATED);
    }
}
