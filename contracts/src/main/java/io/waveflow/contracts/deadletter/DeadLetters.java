package io.waveflow.contracts.deadletter;

import io.waveflow.contracts.json.Json;
import io.waveflow.contracts.json.MalformedRecordException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import tools.jackson.core.JacksonException;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/** Builds dead letters from raw record bytes and is the serde of the dead-letter topic. */
public final class DeadLetters {

    private DeadLetters() {
    }

    public static DeadLetter of(String topic, int partition, long offset, byte[] key, byte[] value,
                                String reason, String failedIn, Instant time) {
        String keyText = key == null ? null : new String(key, StandardCharsets.UTF_8);
        if (value == null) {
            return new DeadLetter(topic, partition, offset, keyText, null, null, reason, failedIn, time);
        }
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(value)).toString();
            return new DeadLetter(topic, partition, offset, keyText, text, "utf-8", reason, failedIn, time);
        } catch (CharacterCodingException e) {
            return new DeadLetter(topic, partition, offset, keyText, Base64.getEncoder().encodeToString(value),
                    "base64", reason, failedIn, time);
        }
    }

    public static Serde<DeadLetter> serde() {
        return Serdes.serdeFrom(
                (topic, letter) -> letter == null ? null : Json.MAPPER.writeValueAsBytes(letter),
                (topic, bytes) -> {
                    try {
                        return Json.MAPPER.readValue(bytes, DeadLetter.class);
                    } catch (JacksonException e) {
                        throw new MalformedRecordException("not a dead letter: " + e.getOriginalMessage(), e);
                    }
                });
    }
}
