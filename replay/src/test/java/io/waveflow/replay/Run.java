package io.waveflow.replay;

import io.waveflow.contracts.json.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** One in-process run of the replay command with its exit code, stdout and stderr. */
record Run(int exitCode, String out, String err) {

    static Run replay(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
        int exitCode = ReplayCommand.commandLine(out, errStream).execute(args);
        return new Run(exitCode, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** The JSON Lines output, one tree per line. */
    List<JsonNode> lines() {
        return out.lines().map(Json.MAPPER::readTree).toList();
    }

    /** A replayed line without the Kafka extension attributes: the event as it was produced. */
    static JsonNode withoutKafka(JsonNode line) {
        ObjectNode copy = ((ObjectNode) line).deepCopy();
        copy.remove(List.of("kafkatopic", "kafkapartition", "kafkaoffset", "kafkatimestamp"));
        return copy;
    }

    List<String> ids() {
        return lines().stream().map(line -> line.get("id").asString()).toList();
    }

    List<String> subjects() {
        return lines().stream().map(line -> line.path("subject").asString(null)).toList();
    }
}
