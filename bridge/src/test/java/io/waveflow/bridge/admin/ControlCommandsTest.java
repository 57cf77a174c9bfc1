package io.waveflow.bridge.admin;

import io.waveflow.bridge.inbound.InvalidField;
import io.waveflow.bridge.inbound.InvalidWebhookException;
import io.waveflow.bridge.inbound.MalformedWebhookException;
import io.waveflow.contracts.inbound.CancelRequested;
import io.waveflow.contracts.inbound.RetryRequested;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ControlCommandsTest {

    @Test
    void shouldReadAnOptionalReason() throws IOException {
        assertThat(read(RetryRequested.class, "stem-1", null, "{\"reason\":\"worker fixed\"}").reason())
                .isEqualTo("worker fixed");
        assertThat(read(RetryRequested.class, "stem-1", null, "").reason()).isNull();
        assertThat(read(RetryRequested.class, "stem-1", null, " \n").reason()).isNull();
        assertThat(read(RetryRequested.class, "stem-1", null, "{}").reason()).isNull();
    }

    @Test
    void shouldDeriveTheIdFromTheIdempotencyKeyAndElseMakeANewOne() throws IOException {
        String keyed = read(RetryRequested.class, "stem-1", "k-1", "").eventId();

        assertThat(read(RetryRequested.class, "stem-1", "k-1", "{\"reason\":\"other\"}").eventId()).isEqualTo(keyed);
        assertThat(read(CancelRequested.class, "stem-1", "k-1", "").eventId()).isNotEqualTo(keyed);
        assertThat(read(RetryRequested.class, "stem-2", "k-1", "").eventId()).isNotEqualTo(keyed);
        assertThat(read(RetryRequested.class, "stem-1", null, "").eventId())
                .isNotEqualTo(read(RetryRequested.class, "stem-1", null, "").eventId());
    }

    @Test
    void shouldNameEveryBadFieldAtOnce() {
        assertThatThrownBy(() -> read(RetryRequested.class, "bad id", "k".repeat(256),
                "{\"reason\":\"" + "x".repeat(501) + "\"}"))
                .isInstanceOfSatisfying(InvalidWebhookException.class, e -> assertThat(e.errors())
                        .extracting(InvalidField::field).containsExactlyInAnyOrder("reason", "stemId",
                                "Idempotency-Key"));
        assertThatThrownBy(() -> read(RetryRequested.class, "stem-1", null, "{\"reason\":42}"))
                .isInstanceOf(InvalidWebhookException.class);
        assertThatThrownBy(() -> read(RetryRequested.class, "stem-1", null, "[]"))
                .isInstanceOf(InvalidWebhookException.class);
        assertThatThrownBy(() -> read(RetryRequested.class, "stem-1", null, "{\"reason\":"))
                .isInstanceOf(MalformedWebhookException.class);
        assertThatThrownBy(() -> read(RetryRequested.class, "x".repeat(129), null, ""))
                .isInstanceOf(InvalidWebhookException.class);
        assertThatThrownBy(() -> read(RetryRequested.class, "stem-1", null, " ".repeat(9000)))
                .isInstanceOf(InvalidWebhookException.class);
    }

    private static ControlCommands.Command read(Class<? extends io.waveflow.contracts.inbound.InboundEvent> type,
                                                String stemId, String key, String body) throws IOException {
        return ControlCommands.read(type, stemId, key,
                new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
    }
}
