package io.waveflow.contracts.json;

import io.waveflow.contracts.StemMessage;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.HashMap;
import java.util.Map;

/**
 * Encodes one sealed family of messages as a CloudEvents 1.0 structured-mode JSON document:
 * {@code specversion, id, source, type, subject (= stemId), time, datacontenttype, data}.
 * Structured mode keeps a record self-describing in any tool that shows only the value.
 * The type registry is explicit: a class without a registered type name cannot be written.
 */
public final class EnvelopeCodec<T extends StemMessage> {

    private final Class<T> family;
    private final String source;
    private final Map<Class<? extends T>, String> typeByClass;
    private final Map<String, Class<? extends T>> classByType = new HashMap<>();

    public EnvelopeCodec(Class<T> family, String source, Map<Class<? extends T>, String> typeByClass) {
        this.family = family;
        this.source = source;
        this.typeByClass = Map.copyOf(typeByClass);
        typeByClass.forEach((type, name) -> classByType.put(name, type));
    }

    public String typeOf(T message) {
        String type = typeByClass.get(message.getClass());
        if (type == null) {
            throw new IllegalArgumentException("no event type registered for " + message.getClass().getName());
        }
        return type;
    }

    public byte[] encode(T message) {
        ObjectNode envelope = Json.MAPPER.createObjectNode();
        envelope.put("specversion", "1.0");
        envelope.put("id", message.id());
        envelope.put("source", source);
        envelope.put("type", typeOf(message));
        envelope.put("subject", message.stemId());
        envelope.put("time", message.time().toString());
        envelope.put("datacontenttype", "application/json");
        envelope.set("data", Json.MAPPER.valueToTree(message));
        return Json.MAPPER.writeValueAsBytes(envelope);
    }

    public T decode(byte[] bytes) {
        if (bytes == null) {
            throw new MalformedRecordException(family.getSimpleName() + " record has no value");
        }
        JsonNode envelope;
        try {
            envelope = Json.MAPPER.readTree(bytes);
        } catch (JacksonException e) {
            throw new MalformedRecordException("not JSON: " + e.getOriginalMessage(), e);
        }
        if (envelope == null || !envelope.isObject()) {
            throw new MalformedRecordException("not a JSON object");
        }
        String type = envelope.path("type").asString(null);
        Class<? extends T> typeClass = type == null ? null : classByType.get(type);
        if (typeClass == null) {
            throw new MalformedRecordException("unknown " + family.getSimpleName() + " type: " + type);
        }
        JsonNode data = envelope.get("data");
        if (data == null || !data.isObject()) {
            throw new MalformedRecordException("envelope of type " + type + " has no data object");
        }
        T message;
        try {
            message = Json.MAPPER.treeToValue(data, typeClass);
        } catch (JacksonException e) {
            throw new MalformedRecordException("data does not fit " + type + ": " + e.getOriginalMessage(), e);
        }
        if (isBlank(message.id()) || isBlank(message.stemId()) || message.time() == null) {
            throw new MalformedRecordException(type + " lacks id, stemId or time");
        }
        return message;
    }

    private static boolean isBlank(String text) {
        return text == null || text.isBlank();
    }

    public Serde<T> serde() {
        Serializer<T> serializer = (topic, message) -> message == null ? null : encode(message);
        Deserializer<T> deserializer = (topic, bytes) -> decode(bytes);
        return Serdes.serdeFrom(serializer, deserializer);
    }
}
