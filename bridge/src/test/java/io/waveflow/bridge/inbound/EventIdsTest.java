package io.waveflow.bridge.inbound;

import io.waveflow.contracts.inbound.HashReported;
import io.waveflow.contracts.inbound.ProcessingCompleted;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class EventIdsTest {

    private static final String BODY = "{\"stemId\":\"s1\",\"audio_hash\":\"abc\"}";

    @Test
    void shouldGiveARedeliveredWebhookTheSameId() {
        String first = EventIds.of(HashReported.class, "s1", request(BODY, null, "2026-11-26T01:00:00Z"));
        String redelivered = EventIds.of(HashReported.class, "s1", request(BODY, null, "2026-11-26T01:05:00Z"));

        assertThat(redelivered).isEqualTo(first).matches("[0-9a-f]{64}");
    }

    @Test
    void shouldGiveDifferentBodiesDifferentIds() {
        String first = EventIds.of(HashReported.class, "s1", request(BODY, null, "2026-11-26T01:00:00Z"));
        String other = EventIds.of(HashReported.class, "s1", request(BODY.replace("abc", "abd"), null,
                "2026-11-26T01:00:00Z"));

        assertThat(other).isNotEqualTo(first);
    }

    @Test
    void shouldKeepEventTypesAndStemsApart() {
        WebhookRequest request = request(BODY, null, "2026-11-26T01:00:00Z");

        assertThat(EventIds.of(HashReported.class, "s1", request))
                .isNotEqualTo(EventIds.of(ProcessingCompleted.class, "s1", request))
                .isNotEqualTo(EventIds.of(HashReported.class, "s2", request));
    }

    @Test
    void shouldDeriveTheIdFromTheIdempotencyKeyWhenPresent() {
        String first = EventIds.of(HashReported.class, "s1", request(BODY, "key-1", "2026-11-26T01:00:00Z"));
        String sameKeyOtherBody = EventIds.of(HashReported.class, "s1", request("{}", "key-1", "2026-11-26T01:00:00Z"));
        String otherKey = EventIds.of(HashReported.class, "s1", request(BODY, "key-2", "2026-11-26T01:00:00Z"));

        assertThat(sameKeyOtherBody).isEqualTo(first);
        assertThat(otherKey).isNotEqualTo(first);
        assertThat(EventIds.of(HashReported.class, "s1", request(BODY, null, "2026-11-26T01:00:00Z")))
                .isNotEqualTo(first);
    }

    private static WebhookRequest request(String body, String idempotencyKey, String receivedAt) {
        return new WebhookRequest(body.getBytes(StandardCharsets.UTF_8), idempotencyKey, Instant.parse(receivedAt));
    }
}
