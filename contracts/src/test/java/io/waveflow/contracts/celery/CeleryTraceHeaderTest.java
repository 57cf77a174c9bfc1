package io.waveflow.contracts.celery;

import io.waveflow.contracts.TraceHeaders;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The trace context rides in the Celery message headers, where Celery's instrumentation reads it. */
class CeleryTraceHeaderTest {

    private static final String QUEUE = "waveflow-audio-process-queue";
    private static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    @Test
    void shouldPutTheTraceparentAmongTheMessageHeadersAndReadItBack() {
        String body = CeleryCodec.encode(task(), QUEUE, TRACEPARENT);

        JsonNode headers = JsonMapper.builder().build().readTree(Base64.getDecoder().decode(body)).path("headers");
        assertThat(headers.path("traceparent").asString()).isEqualTo(TRACEPARENT);
        assertThat(CeleryCodec.decode(body).traceparent()).isEqualTo(TRACEPARENT);
        assertThat(TraceHeaders.traceId(CeleryCodec.decode(body).traceparent()))
                .isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    }

    @Test
    void shouldSendNoTraceHeaderWhenThereIsNoTrace() {
        String body = CeleryCodec.encode(task(), QUEUE, null);

        assertThat(body).isEqualTo(CeleryCodec.encode(task(), QUEUE));
        assertThat(CeleryCodec.decode(body).traceparent()).isNull();
    }

    private static CeleryTask task() {
        Map<String, Object> kwargs = new LinkedHashMap<>();
        kwargs.put("stemId", "s1");
        return new CeleryTask("app.tasks.generate_hash_and_webhook", "hash-s1-1", List.of(), kwargs);
    }
}
