package io.waveflow.workflow.topology;

import io.waveflow.contracts.json.Json;
import io.waveflow.contracts.json.MalformedRecordException;
import io.waveflow.contracts.topic.Topic;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import tools.jackson.core.JacksonException;

import java.util.List;

/**
 * The topology's own topics and stores. The claims topic repartitions hash reports by claim
 * key; the decisions topic carries answers back by stemId. Both belong to one application id
 * (named like Kafka Streams' own repartition topics, so two deployments never share them and
 * the application reset tool treats them as internal) and must have as many partitions as the
 * inbound topic, because decisions are co-partitioned with it; the app creates them so.
 */
public record InternalTopics(Topic<String, ClaimMessage> claims, Topic<String, ClaimDecision> claimDecisions) {

    public static InternalTopics of(String applicationId) {
        return new InternalTopics(
                new Topic<>(applicationId + "-claims-repartition", Serdes.String(), json(ClaimMessage.class)),
                new Topic<>(applicationId + "-claim-decisions-repartition", Serdes.String(),
                        json(ClaimDecision.class)));
    }

    public List<Topic<String, ?>> all() {
        return List.of(claims, claimDecisions);
    }

    public static final String STEM_STATE_STORE = "stem-state";
    public static final String HASH_CLAIMS_STORE = "hash-claims";
    /** Deadline index: key {@code <19-digit epoch ms>|<stemId>}, so a range scan finds what is due. */
    public static final String DEADLINES_STORE = "stem-deadlines";

    static <T> Serde<T> json(Class<T> type) {
        return Serdes.serdeFrom(
                (topic, value) -> value == null ? null : Json.MAPPER.writeValueAsBytes(value),
                (topic, bytes) -> {
                    if (bytes == null) {
                        throw new MalformedRecordException(type.getSimpleName() + " record has no value");
                    }
                    try {
                        return Json.MAPPER.readValue(bytes, type);
                    } catch (JacksonException e) {
                        throw new MalformedRecordException("not a " + type.getSimpleName() + ": "
                                + e.getOriginalMessage(), e);
                    }
                });
    }
}
