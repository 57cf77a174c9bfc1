package io.waveflow.bridge;

import io.waveflow.contracts.inbound.CancelRequested;
import io.waveflow.contracts.inbound.InboundEvent;
import io.waveflow.contracts.inbound.RetryRequested;
import io.waveflow.contracts.topic.Topics;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operators' control commands on a real bridge and broker: an admin's retry or cancel is a
 * {@code RetryRequested} / {@code CancelRequested} on the inbound topic before the 202, with the
 * token's name and the reason; a bad request is a 400 problem and writes nothing.
 */
class AdminCommandsIT extends BridgeITSupport {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private TopicReader<InboundEvent> inbound;

    @BeforeEach
    void readInbound() {
        inbound = new TopicReader<>(bootstrapServers(), Topics.INBOUND);
    }

    @AfterEach
    void closeReader() {
        inbound.close();
    }

    @Test
    void shouldStoreARetryWithWhoAskedAndWhyBeforeAnswering() {
        String stemId = newStemId();

        HttpResponse<String> accepted = admin("/admin/stems/" + stemId + "/retry", "{\"reason\":\"worker fixed\"}",
                Map.of());

        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        JsonNode body = JSON.readTree(accepted.body());
        assertThat(body.get("status").stringValue()).isEqualTo("accepted");
        String eventId = body.get("eventId").stringValue();
        List<InboundEvent> events = inbound.awaitValues(event -> event.stemId().equals(stemId), list -> !list.isEmpty());
        assertThat(events).singleElement().isInstanceOfSatisfying(RetryRequested.class, retry -> {
            assertThat(retry.id()).isEqualTo(eventId);
            assertThat(retry.requestedBy()).isEqualTo("it-admin");
            assertThat(retry.reason()).isEqualTo("worker fixed");
        });
    }

    @Test
    void shouldStoreACancelWithoutBodyAndTheSameIdForTheSameIdempotencyKey() {
        String stemId = newStemId();

        HttpResponse<String> first = admin("/admin/stems/" + stemId + "/cancel", "", Map.of("Idempotency-Key", "k-1"));
        HttpResponse<String> again = admin("/admin/stems/" + stemId + "/cancel", "", Map.of("Idempotency-Key", "k-1"));
        HttpResponse<String> other = admin("/admin/stems/" + stemId + "/cancel", "{}", Map.of());

        assertThat(List.of(first.statusCode(), again.statusCode(), other.statusCode())).containsOnly(202);
        String id = JSON.readTree(first.body()).get("eventId").stringValue();
        assertThat(JSON.readTree(again.body()).get("eventId").stringValue()).isEqualTo(id);
        assertThat(JSON.readTree(other.body()).get("eventId").stringValue()).isNotEqualTo(id);
        List<InboundEvent> events = inbound.awaitValues(event -> event.stemId().equals(stemId),
                list -> list.size() >= 3);
        assertThat(events).hasSize(3).allSatisfy(event -> assertThat(event).isInstanceOfSatisfying(
                CancelRequested.class, cancel -> {
                    assertThat(cancel.requestedBy()).isEqualTo("it-admin");
                    assertThat(cancel.reason()).isNull();
                }));
    }

    @Test
    void shouldRefuseBadJsonFieldsAndIdsAsProblemsAndWriteNothing() {
        Map<TopicPartition, Long> before = InboundOffsets.end(bootstrapServers());
        String stemId = newStemId();

        List<HttpResponse<String>> refused = List.of(
                admin("/admin/stems/" + stemId + "/retry", "{\"reason\":", Map.of()),
                admin("/admin/stems/" + stemId + "/retry", "[\"reason\"]", Map.of()),
                admin("/admin/stems/" + stemId + "/cancel", "{\"reason\":42}", Map.of()),
                admin("/admin/stems/" + stemId + "/cancel", "{\"reason\":\"" + "x".repeat(501) + "\"}", Map.of()),
                admin("/admin/stems/bad!id/retry", "", Map.of()),
                admin("/admin/stems/" + stemId + "/retry", "", Map.of("Idempotency-Key", "k".repeat(256))));

        assertThat(refused).allSatisfy(response -> {
            assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
            assertThat(response.headers().firstValue("Content-Type")).get().asString()
                    .startsWith("application/problem+json");
        });
        assertThat(refused.get(3).body()).contains("reason").contains("at most 500 characters");
        assertThat(refused.get(4).body()).contains("stemId");
        assertThat(InboundOffsets.end(bootstrapServers())).isEqualTo(before);
    }

    private HttpResponse<String> admin(String path, String body, Map<String, String> headers) {
        Map<String, String> all = new HashMap<>(headers);
        all.put("Authorization", "Bearer " + BridgeHttp.ADMIN_TOKEN);
        return new BridgeHttp(port).post(path, "application/json", body.getBytes(StandardCharsets.UTF_8), all);
    }
}
