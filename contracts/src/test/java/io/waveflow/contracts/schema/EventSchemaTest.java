package io.waveflow.contracts.schema;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import io.waveflow.contracts.command.StageCommand;
import io.waveflow.contracts.inbound.InboundEvent;
import io.waveflow.contracts.json.Json;
import io.waveflow.contracts.schema.EventSamples.Sample;
import io.waveflow.contracts.workflow.WorkflowEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The checked-in JSON Schemas describe what the codecs really write: every sample encoded with
 * {@code Codecs} passes, and renaming, dropping or retyping any field fails.
 */
class EventSchemaTest {

    private static final String SCHEMA_DIR = "schemas";
    private static final String SUFFIX = ".schema.json";

    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(
            SpecificationVersion.DRAFT_2020_12,
            builder -> builder.schemaRegistryConfig(SchemaRegistryConfig.builder()
                    .formatAssertionsEnabled(true).build()));

    static Stream<Sample> samples() {
        return EventSamples.all().stream();
    }

    static Stream<Sample> variants() {
        return EventSamples.variants().stream();
    }

    @Test
    void shouldHaveOneSchemaPerRegisteredTypeAndNoOther() throws Exception {
        // given: every permitted record of the three sealed families, plus the dead letter
        Set<String> sampledClasses = EventSamples.all().stream()
                .map(sample -> data(sample).has("sourceTopic") ? "DeadLetter"
                        : sample.type().replaceAll("^.*\\.([A-Za-z]+)\\.v\\d+$", "$1"))
                .collect(Collectors.toSet());
        Set<String> permitted = Stream.of(InboundEvent.class, WorkflowEvent.class, StageCommand.class)
                .flatMap(family -> Arrays.stream(family.getPermittedSubclasses()))
                .map(Class::getSimpleName)
                .collect(Collectors.toSet());

        // when
        Set<String> schemaTypes;
        try (Stream<Path> files = Files.list(schemaDirectory())) {
            schemaTypes = files.map(path -> path.getFileName().toString())
                    .map(name -> name.substring(0, name.length() - SUFFIX.length()))
                    .collect(Collectors.toSet());
        }

        // then
        assertThat(sampledClasses).containsAll(permitted).contains("DeadLetter").hasSize(permitted.size() + 1);
        assertThat(schemaTypes).isEqualTo(EventSamples.all().stream().map(Sample::type).collect(Collectors.toSet()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource({"samples", "variants"})
    void shouldAcceptWhatTheCodecsWrite(Sample sample) {
        assertThat(errors(sample.type(), Json.MAPPER.readTree(sample.value()))).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void shouldRepeatTheEnvelopeInTheData(Sample sample) {
        JsonNode value = Json.MAPPER.readTree(sample.value());
        if (!value.has("specversion")) {
            return; // a dead letter has no envelope
        }
        assertThat(value.get("subject")).isEqualTo(value.get("data").get("stemId"));
        assertThat(value.get("id")).isEqualTo(value.get("data").get("id"));
        assertThat(value.get("time")).isEqualTo(value.get("data").get("time"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void shouldRejectEveryRenamedDataField(Sample sample) {
        List<String> fields = new ArrayList<>(data(sample).propertyNames());
        assertThat(fields).isNotEmpty();

        for (String field : fields) {
            JsonNode renamed = edit(sample, data -> data.set(field + "_renamed", data.remove(field)));
            assertThat(errors(sample.type(), renamed)).as("%s with %s renamed", sample.type(), field).isNotEmpty();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void shouldRejectAMissingStemIdOrAWrongTime(Sample sample) {
        String idField = data(sample).has("sourceTopic") ? "sourceTopic" : "stemId";
        assertThat(errors(sample.type(), edit(sample, data -> data.remove(idField)))).isNotEmpty();
        assertThat(errors(sample.type(), edit(sample, data -> data.put("time", "yesterday")))).isNotEmpty();
        assertThat(errors(sample.type(), edit(sample, data -> data.put("time", 1764118923456L)))).isNotEmpty();
    }

    @Test
    void shouldRejectBrokenEnvelopes() {
        Sample upload = EventSamples.all().get(0);
        String type = upload.type();

        assertThat(errors(type, envelope(upload, e -> e.remove("subject")))).isNotEmpty();
        assertThat(errors(type, envelope(upload, e -> e.put("specversion", "0.3")))).isNotEmpty();
        assertThat(errors(type, envelope(upload, e -> e.put("type", "io.waveflow.inbound.HashReported.v1"))))
                .isNotEmpty();
        assertThat(errors(type, envelope(upload, e -> e.put("source", "/somewhere/else")))).isNotEmpty();
        assertThat(errors(type, envelope(upload, e -> e.set("dataContentType", e.remove("datacontenttype")))))
                .isNotEmpty();
        // CloudEvents extension attributes (lower-case letters and digits) stay allowed.
        assertThat(errors(type, envelope(upload, e -> e.put("partitionkey", "stem-1")))).isEmpty();
    }

    @Test
    void shouldRejectATypedFieldOfTheWrongTypeOrValue() {
        Sample requested = sampleOf("io.waveflow.workflow.StageRequested.v1");
        assertThat(errors(requested.type(), edit(requested, data -> data.put("attempt", "1")))).isNotEmpty();
        assertThat(errors(requested.type(), edit(requested, data -> data.put("stage", "hash")))).isNotEmpty();

        Sample completed = sampleOf("io.waveflow.inbound.ProcessingCompleted.v1");
        assertThat(errors(completed.type(), edit(completed,
                data -> ((ObjectNode) data.get("result")).remove("numPeaks")))).isNotEmpty();
        assertThat(errors(completed.type(), edit(completed,
                data -> ((ObjectNode) data.get("result")).put("sampleRate", 44.1)))).isNotEmpty();

        Sample letter = sampleOf(EventSamples.DEAD_LETTER_TYPE);
        assertThat(errors(letter.type(), edit(letter, data -> data.remove("valueEncoding")))).isNotEmpty();
    }

    private static Sample sampleOf(String type) {
        return EventSamples.all().stream().filter(sample -> sample.type().equals(type)).findFirst().orElseThrow();
    }

    private static List<Error> errors(String type, JsonNode value) {
        Schema schema;
        try (InputStream in = EventSchemaTest.class.getClassLoader()
                .getResourceAsStream(SCHEMA_DIR + "/" + type + SUFFIX)) {
            assertThat(in).as("schema of %s", type).isNotNull();
            schema = REGISTRY.getSchema(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return schema.validate(value);
    }

    /** The data object: the envelope's {@code data}, or the whole value of a dead letter. */
    private static ObjectNode data(Sample sample) {
        JsonNode value = Json.MAPPER.readTree(sample.value());
        return (ObjectNode) (value.has("data") ? value.get("data") : value);
    }

    private static JsonNode edit(Sample sample, Consumer<ObjectNode> change) {
        JsonNode value = Json.MAPPER.readTree(sample.value());
        change.accept((ObjectNode) (value.has("data") ? value.get("data") : value));
        return value;
    }

    private static JsonNode envelope(Sample sample, Consumer<ObjectNode> change) {
        ObjectNode value = (ObjectNode) Json.MAPPER.readTree(sample.value());
        change.accept(value);
        return value;
    }

    private static Path schemaDirectory() throws URISyntaxException {
        return Path.of(EventSchemaTest.class.getClassLoader().getResource(SCHEMA_DIR).toURI());
    }
}
