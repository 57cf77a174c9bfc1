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
 * key; the decisions topic carries answers back by stemId. Both must have as many partitions
 * as the inbound topic (the decisions are co-partitioned with it), which the app ensures.
 */
public final class InternalTopics {

    public static final Topic<String, ClaimMessage> CLAIMS =
            new Topic<>("waveflow.workflow.claims.v1", Serdes.String(), json(ClaimMessage.class));

    public static final Topic<String, ClaimDecision> CLAIM_DECISIONS =
            new Topic<>("waveflow.workflow.claim-decisions.v1", Serdes.String(), json(ClaimDecision.class));

    public static final List<Topic<String, ?>> ALL = List.of(CLAIMS, CLAIM_DECISIONS);

    public static final String STEM_STATE_STORE = "stem-state";
    public static final String HASH_CLAIMS_STORE = "hash-claims";
    /** Deadline index: key {@code <19-digit epoch ms>|<stemId>}, so a range scan finds what is due. */
    public static final String DEADLINES_STORE = "stem-deadlines";

    private InternalTopics() {
    }

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
