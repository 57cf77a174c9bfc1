package io.waveflow.workflow.query;

import io.waveflow.workflow.config.WorkflowStreamsRunner;
import io.waveflow.workflow.config.WorkflowStreamsSettings;
import io.waveflow.workflow.topology.HashClaim;
import io.waveflow.workflow.topology.InternalTopics;
import io.waveflow.workflow.topology.StemState;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Interactive queries over the topology's stores. A key kept by another instance is fetched
 * from that instance (its {@code application.server}), so any instance answers for any key.
 */
@RestController
public class WorkflowQueryController {

    private final WorkflowStreamsRunner runner;
    private final WorkflowStreamsSettings settings;
    private final HostInfo self;
    private final RestClient http = RestClient.create();

    public WorkflowQueryController(WorkflowStreamsRunner runner, WorkflowStreamsSettings settings) {
        this.runner = runner;
        this.settings = settings;
        this.self = HostInfo.buildFromEndpoint(settings.advertisedServer());
    }

    @GetMapping("/workflow/stems/{stemId}")
    public ResponseEntity<?> stem(@PathVariable String stemId) {
        return query(InternalTopics.STEM_STATE_STORE, stemId, "/workflow/stems/" + stemId,
                WorkflowQueryController::stemView);
    }

    private static Map<String, Object> stemView(StemState state) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("stemId", state.stemId());
        view.put("phase", state.phase().name().toLowerCase());
        view.put("stage", state.phase().awaitedStage() == null ? null
                : state.phase().awaitedStage().name().toLowerCase());
        view.put("attempts", state.attempt());
        view.put("deadline", state.deadlineMs() == 0 ? null : Instant.ofEpochMilli(state.deadlineMs()).toString());
        view.put("audioHash", state.audioHash());
        view.put("ownerStemId", state.ownerStemId());
        return view;
    }

    @GetMapping("/claims/{userId}/{trackId}/{audioHash}")
    public ResponseEntity<?> claim(@PathVariable String userId, @PathVariable String trackId,
                                   @PathVariable String audioHash) {
        String claimKey = settings.claimScope().claimKey(userId, trackId, audioHash);
        return query(InternalTopics.HASH_CLAIMS_STORE, claimKey,
                "/claims/" + userId + "/" + trackId + "/" + audioHash,
                (HashClaim claim) -> Map.of(
                        "claimKey", claimKey,
                        "ownerStemId", claim.ownerStemId(),
                        "claimedAt", claim.claimedAt().toString()));
    }

    private <V> ResponseEntity<?> query(String store, String key, String path,
                                        java.util.function.Function<V, Map<String, Object>> view) {
        KafkaStreams streams = runner.streams();
        if (streams == null || !streams.state().isRunningOrRebalancing()) {
            return problem(HttpStatus.SERVICE_UNAVAILABLE, "the topology is not running yet");
        }
        KeyQueryMetadata metadata = streams.queryMetadataForKey(store, key, Serdes.String().serializer());
        if (metadata == null || KeyQueryMetadata.NOT_AVAILABLE.equals(metadata)) {
            return problem(HttpStatus.SERVICE_UNAVAILABLE, "the store is being rebalanced, retry shortly");
        }
        if (!self.equals(metadata.activeHost())) {
            HostInfo owner = metadata.activeHost();
            return http.get().uri("http://" + owner.host() + ":" + owner.port() + path)
                    .retrieve()
                    .onStatus(status -> true, (request, response) -> { })
                    .toEntity(String.class);
        }
        ReadOnlyKeyValueStore<String, V> local = streams.store(
                StoreQueryParameters.fromNameAndType(store, QueryableStoreTypes.<String, V>keyValueStore()));
        V value = local.get(key);
        if (value == null) {
            return problem(HttpStatus.NOT_FOUND, "no entry for " + key + " in " + store);
        }
        return ResponseEntity.ok(view.apply(value));
    }

    private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String detail) {
        return ResponseEntity.status(status).body(ProblemDetail.forStatusAndDetail(status, detail));
    }
}
