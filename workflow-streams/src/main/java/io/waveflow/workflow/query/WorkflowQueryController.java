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
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Interactive queries over the topology's stores. A key kept by another instance is fetched
 * from that instance (its {@code application.server}), so any instance answers for any key. A
 * request is forwarded at most once: while a rebalance moves a key, two instances may each
 * believe the other keeps it, and a second hop answers 503 instead of bouncing the request back.
 */
@RestController
public class WorkflowQueryController {

    /** Marks a request one instance forwarded to another. */
    static final String FORWARDED_HEADER = "X-Waveflow-Forwarded";

    private final WorkflowStreamsRunner runner;
    private final WorkflowStreamsSettings settings;
    private final HostInfo self;
    private final RestClient http;

    public WorkflowQueryController(WorkflowStreamsRunner runner, WorkflowStreamsSettings settings) {
        this.runner = runner;
        this.settings = settings;
        this.self = HostInfo.buildFromEndpoint(settings.advertisedServer());
        JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build());
        requests.setReadTimeout(Duration.ofSeconds(5));
        this.http = RestClient.builder().requestFactory(requests).build();
    }

    @GetMapping("/workflow/stems/{stemId}")
    public ResponseEntity<?> stem(@PathVariable String stemId,
                                  @RequestHeader(name = FORWARDED_HEADER, required = false) String forwarded,
                                  @RequestHeader(name = HttpHeaders.AUTHORIZATION) String authorization) {
        return query(InternalTopics.STEM_STATE_STORE, stemId, "/workflow/stems/" + stemId, forwarded != null,
                authorization, WorkflowQueryController::stemView);
    }

    private static Map<String, Object> stemView(StemState state) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("stemId", state.stemId());
        view.put("phase", state.phase().word());
        view.put("stage", state.phase().awaitedStage() == null ? null : state.phase().awaitedStage().word());
        view.put("attempts", state.attempt());
        view.put("deadline", state.deadlineMs() == 0 ? null : Instant.ofEpochMilli(state.deadlineMs()).toString());
        view.put("audioHash", state.audioHash());
        view.put("ownerStemId", state.ownerStemId());
        return view;
    }

    @GetMapping("/claims/{userId}/{trackId}/{audioHash}")
    public ResponseEntity<?> claim(@PathVariable String userId, @PathVariable String trackId,
                                   @PathVariable String audioHash,
                                   @RequestHeader(name = FORWARDED_HEADER, required = false) String forwarded,
                                   @RequestHeader(name = HttpHeaders.AUTHORIZATION) String authorization) {
        String claimKey = settings.claimScope().claimKey(userId, trackId, audioHash);
        return query(InternalTopics.HASH_CLAIMS_STORE, claimKey,
                "/claims/" + userId + "/" + trackId + "/" + audioHash, forwarded != null, authorization,
                (HashClaim claim) -> Map.of(
                        "claimKey", claimKey,
                        "ownerStemId", claim.ownerStemId(),
                        "claimedAt", claim.claimedAt().toString()));
    }

    private <V> ResponseEntity<?> query(String store, String key, String path, boolean forwarded, String authorization,
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
            return forwarded
                    ? problem(HttpStatus.SERVICE_UNAVAILABLE, "the store is being rebalanced, retry shortly")
                    : forward(metadata.activeHost(), path, authorization);
        }
        ReadOnlyKeyValueStore<String, V> local = streams.store(
                StoreQueryParameters.fromNameAndType(store, QueryableStoreTypes.<String, V>keyValueStore()));
        V value = local.get(key);
        if (value == null) {
            return problem(HttpStatus.NOT_FOUND, "no entry for " + key + " in " + store);
        }
        return ResponseEntity.ok(view.apply(value));
    }

    /**
     * The owner's answer, status and body as they are; only the content type of its headers is kept.
     * The caller's token goes along: the owner checks it again, as it would for any reader.
     */
    private ResponseEntity<?> forward(HostInfo owner, String path, String authorization) {
        String instance = owner.host() + ":" + owner.port();
        try {
            ResponseEntity<String> answer = http.get().uri("http://" + instance + path)
                    .header(FORWARDED_HEADER, self.host() + ":" + self.port())
                    .header(HttpHeaders.AUTHORIZATION, authorization)
                    .retrieve()
                    .onStatus(status -> true, (request, response) -> { })
                    .toEntity(String.class);
            ResponseEntity.BodyBuilder relayed = ResponseEntity.status(answer.getStatusCode());
            MediaType contentType = answer.getHeaders().getContentType();
            if (contentType != null) {
                relayed.contentType(contentType);
            }
            return relayed.body(answer.getBody());
        } catch (RestClientException e) {
            return problem(HttpStatus.SERVICE_UNAVAILABLE,
                    "the instance keeping this key (" + instance + ") did not answer; retry shortly");
        }
    }

    private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String detail) {
        return ResponseEntity.status(status).body(ProblemDetail.forStatusAndDetail(status, detail));
    }
}
