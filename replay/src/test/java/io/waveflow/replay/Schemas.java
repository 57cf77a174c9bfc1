package io.waveflow.replay;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The JSON Schemas contracts ships ({@code schemas/<type>.schema.json}), with format checks on. */
final class Schemas {

    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(
            SpecificationVersion.DRAFT_2020_12,
            builder -> builder.schemaRegistryConfig(SchemaRegistryConfig.builder()
                    .formatAssertionsEnabled(true).build()));
    private static final Map<String, Schema> BY_TYPE = new ConcurrentHashMap<>();

    private Schemas() {
    }

    static List<Error> errors(String type, JsonNode value) {
        return BY_TYPE.computeIfAbsent(type, Schemas::load).validate(value);
    }

    private static Schema load(String type) {
        try (InputStream in = Schemas.class.getClassLoader().getResourceAsStream("schemas/" + type + ".schema.json")) {
            if (in == null) {
                throw new IllegalArgumentException("no schema for " + type);
            }
            return REGISTRY.getSchema(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
