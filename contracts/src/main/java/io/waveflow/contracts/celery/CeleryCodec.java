package io.waveflow.contracts.celery;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import io.waveflow.contracts.TraceHeaders;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The one home of the SQS message format that real Celery 5 workers execute: Celery message
 * protocol v2 inside kombu's envelope, base64-encoded as the SQS body (see CELERY_WIRE.md).
 * Encoding refuses anything that would crash or loop a worker; decoding applies the same
 * checks a worker does, so tests and the worker simulator read exactly what workers read.
 */
public final class CeleryCodec {

    /** SQS's maximum message size. */
    public static final int SQS_MAX_BODY_BYTES = 262_144;
    public static final String ORIGIN = "waveflow-java";

    private static final JsonMapper MAPPER = JsonMapper.builder().build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Pattern QUEUE_NAME = Pattern.compile("[A-Za-z0-9_-]{1,75}(\\.fifo)?");

    private CeleryCodec() {
    }

    /** The SQS {@code MessageBody} for a task routed to the queue named {@code routingKey}. */
    public static String encode(CeleryTask task, String routingKey) {
        return encode(task, routingKey, null);
    }

    /**
     * The same, with the W3C {@code traceparent} of the send among the message headers (none when
     * null): where Celery's OpenTelemetry instrumentation looks for it, and where a task reads it
     * as {@code self.request.traceparent}.
     */
    public static String encode(CeleryTask task, String routingKey, String traceparent) {
        String body = Base64.getEncoder().encodeToString(envelope(task, routingKey, traceparent));
        if (body.length() > SQS_MAX_BODY_BYTES) {
            throw new CeleryWireException("message for task " + task.id() + " is " + body.length()
                    + " bytes, over the SQS limit of " + SQS_MAX_BODY_BYTES);
        }
        return body;
    }

    /** kombu's envelope (the JSON before the outer base64), in the field order Celery uses. */
    public static byte[] envelope(CeleryTask task, String routingKey) {
        return envelope(task, routingKey, null);
    }

    private static byte[] envelope(CeleryTask task, String routingKey, String traceparent) {
        requireText(task.name(), "headers.task");
        requireText(task.id(), "headers.id");
        if (routingKey == null || !QUEUE_NAME.matcher(routingKey).matches()) {
            throw new CeleryWireException("queue name '" + routingKey
                    + "' must be [A-Za-z0-9_-] (+ .fifo): it is the worker's predefined_queues key");
        }
        task.kwargs().forEach((name, value) -> {
            if (value == null) {
                throw new CeleryWireException("kwarg " + name + " of task " + task.id()
                        + " is missing: the worker would get None");
            }
        });
        ObjectNode kwargs = MAPPER.valueToTree(task.kwargs());

        ArrayNode inner = NODES.arrayNode();
        inner.add(MAPPER.valueToTree(task.args()));
        inner.add(kwargs);
        ObjectNode embed = inner.addObject();
        embed.putNull("callbacks");
        embed.putNull("errbacks");
        embed.putNull("chain");
        embed.putNull("chord");

        ObjectNode envelope = NODES.objectNode();
        envelope.put("body", Base64.getEncoder().encodeToString(MAPPER.writeValueAsBytes(inner)));
        envelope.put("content-encoding", "utf-8");
        envelope.put("content-type", "application/json");

        ObjectNode headers = envelope.putObject("headers");
        headers.put("lang", "py");
        headers.put("task", task.name());
        headers.put("id", task.id());
        headers.put("root_id", task.id());
        headers.putNull("parent_id");
        headers.putNull("group");
        headers.put("retries", 0);
        headers.putNull("eta");
        headers.putNull("expires");
        headers.putArray("timelimit").addNull().addNull();
        headers.put("argsrepr", MAPPER.writeValueAsString(task.args()));
        headers.put("kwargsrepr", MAPPER.writeValueAsString(kwargs));
        headers.put("origin", ORIGIN);
        headers.put("ignore_result", true);
        if (traceparent != null) {
            headers.put(TraceHeaders.TRACEPARENT, traceparent);
        }

        ObjectNode properties = envelope.putObject("properties");
        properties.put("correlation_id", task.id());
        properties.put("delivery_mode", 2);
        properties.put("priority", 0);
        ObjectNode deliveryInfo = properties.putObject("delivery_info");
        deliveryInfo.put("exchange", "");
        deliveryInfo.put("routing_key", routingKey);
        properties.put("body_encoding", "base64");

        return MAPPER.writeValueAsBytes(envelope);
    }

    /**
     * Reads an SQS body as a worker would: base64 of the envelope (or the plain envelope JSON),
     * then the base64 protocol-v2 body {@code [args, kwargs, embed]}.
     */
    public static CeleryMessage decode(String sqsBody) {
        if (sqsBody == null || sqsBody.isBlank()) {
            throw new CeleryWireException("empty SQS body");
        }
        String trimmed = sqsBody.strip();
        byte[] envelopeBytes = trimmed.startsWith("{")
                ? trimmed.getBytes(StandardCharsets.UTF_8)
                : base64(trimmed, "SQS body");
        JsonNode envelope = readJson(envelopeBytes, "envelope");
        if (!"application/json".equals(envelope.path("content-type").asString(null))) {
            throw new CeleryWireException("envelope content-type must be application/json");
        }
        JsonNode headers = envelope.path("headers");
        String taskName = requireText(headers.path("task").asString(null), "headers.task");
        String taskId = requireText(headers.path("id").asString(null), "headers.id");
        JsonNode deliveryInfo = envelope.path("properties").path("delivery_info");
        if (!deliveryInfo.isObject()) {
            throw new CeleryWireException("properties.delivery_info is missing");
        }
        String routingKey = requireText(deliveryInfo.path("routing_key").asString(null),
                "properties.delivery_info.routing_key");
        if (!"base64".equals(envelope.path("properties").path("body_encoding").asString(null))) {
            throw new CeleryWireException("properties.body_encoding must be base64");
        }
        JsonNode inner = readJson(base64(envelope.path("body").asString(""), "envelope body"), "task body");
        if (!inner.isArray() || inner.size() != 3) {
            throw new CeleryWireException("protocol v2 body must be [args, kwargs, embed]");
        }
        if (!inner.get(0).isArray() || !inner.get(1).isObject() || !inner.get(2).isObject()) {
            throw new CeleryWireException("protocol v2 body must be [array, object, object]");
        }
        List<Object> args = new ArrayList<>(MAPPER.convertValue(inner.get(0), List.class));
        @SuppressWarnings("unchecked")
        Map<String, Object> kwargs = MAPPER.convertValue(inner.get(1), LinkedHashMap.class);
        return new CeleryMessage(new CeleryTask(taskName, taskId, args, kwargs), routingKey,
                headers.path(TraceHeaders.TRACEPARENT).asString(null));
    }

    private static String requireText(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new CeleryWireException(field + " is required: a worker crashes without it");
        }
        return value;
    }

    private static byte[] base64(String text, String what) {
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new CeleryWireException(what + " is not base64", e);
        }
    }

    private static JsonNode readJson(byte[] bytes, String what) {
        try {
            return MAPPER.readTree(bytes);
        } catch (JacksonException e) {
            throw new CeleryWireException(what + " is not JSON: " + e.getOriginalMessage(), e);
        }
    }
}
