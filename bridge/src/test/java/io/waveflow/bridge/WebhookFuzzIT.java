package io.waveflow.bridge;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sends {@value #CASES_PER_ENDPOINT} generated and mutated requests to each webhook endpoint of
 * the real bridge (see {@link WebhookFuzzer} for the defects): every answer must be the expected
 * 4xx with an {@code application/problem+json} body, the bridge must stay healthy, and the inbound
 * topic must receive nothing, checked by reading it from the offsets before to its end offsets
 * after. The seed is printed; {@code -Dfuzz.seed=N} replays a run.
 */
class WebhookFuzzIT extends BridgeITSupport {

    static final int CASES_PER_ENDPOINT = 10_000;
    private static final int IN_FLIGHT = 8;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void shouldAnswerEveryBrokenRequestWithA4xxProblemAndWriteNothing() throws Exception {
        long seed = Long.getLong("fuzz.seed", System.nanoTime());
        System.out.println("WebhookFuzzIT seed " + seed + " (replay with -Dfuzz.seed=" + seed + ")");
        WebhookFuzzer fuzzer = new WebhookFuzzer(seed, BridgeHttp.SECRET);
        Map<TopicPartition, Long> before = InboundOffsets.end(bootstrapServers());
        Queue<String> failures = new ConcurrentLinkedQueue<>();
        Map<Integer, AtomicInteger> statuses = new TreeMap<>();
        long started = System.nanoTime();

        ExecutorService clientThreads = Executors.newFixedThreadPool(2);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(clientThreads)
                .connectTimeout(Duration.ofSeconds(5)).build();
        try {
            Semaphore inFlight = new Semaphore(IN_FLIGHT);
            for (String path : List.of(WebhookFuzzer.UPLOAD, WebhookFuzzer.HASH_CHECK, WebhookFuzzer.COMPLETION)) {
                for (int i = 0; i < CASES_PER_ENDPOINT; i++) {
                    WebhookFuzzer.Case fuzzCase = fuzzer.next(path);
                    inFlight.acquire();
                    send(http, fuzzCase).whenComplete((response, error) -> {
                        inFlight.release();
                        String problem = error != null ? "no answer: " + error : check(fuzzCase, response);
                        if (problem != null) {
                            failures.add(problem + " <- " + fuzzCase);
                        } else {
                            synchronized (statuses) {
                                statuses.computeIfAbsent(response.statusCode(), code -> new AtomicInteger())
                                        .incrementAndGet();
                            }
                        }
                    });
                }
            }
            assertThat(inFlight.tryAcquire(IN_FLIGHT, 60, TimeUnit.SECONDS)).as("all answers arrived").isTrue();
        } finally {
            clientThreads.shutdown();
        }
        System.out.printf("WebhookFuzzIT sent %d requests in %d ms, answers by status: %s%n",
                3 * CASES_PER_ENDPOINT, (System.nanoTime() - started) / 1_000_000, statuses);

        assertThat(failures.size()).as("seed %d: requests not answered with the expected 4xx problem, first ones:%n%s",
                seed, String.join("\n", failures.stream().limit(20).toList())).isZero();
        assertThat(InboundOffsets.writtenSince(bootstrapServers(), before))
                .as("seed %d: records written to the inbound topic", seed).isEmpty();
        assertThat(InboundOffsets.end(bootstrapServers())).isEqualTo(before);
        assertThat(JSON.readTree(get("/actuator/health").body()).get("status").asString()).isEqualTo("UP");
        assertThat(postJson(WebhookFuzzer.UPLOAD, new String(WebhookAuthenticationIT.validBody(
                WebhookFuzzer.UPLOAD, newStemId()))).statusCode()).as("a valid webhook after the fuzzing").isEqualTo(200);
    }

    private CompletableFuture<HttpResponse<String>> send(HttpClient http, WebhookFuzzer.Case fuzzCase) {
        HttpRequest.Builder request = HttpRequest.newBuilder(new BridgeHttp(port).uri(fuzzCase.path()))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", fuzzCase.contentType())
                .POST(HttpRequest.BodyPublishers.ofByteArray(fuzzCase.body()));
        fuzzCase.headers().forEach(request::header);
        return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Null when the answer is right, else what is wrong with it. */
    private static String check(WebhookFuzzer.Case fuzzCase, HttpResponse<String> response) {
        if (response.statusCode() != fuzzCase.expectedStatus()) {
            return "status " + response.statusCode() + " " + abbreviate(response.body());
        }
        String type = response.headers().firstValue("Content-Type").orElse("");
        if (!type.startsWith("application/problem+json")) {
            return "content type '" + type + "'";
        }
        try {
            JsonNode problem = JSON.readTree(response.body());
            if (problem.path("status").asInt() != response.statusCode() || !problem.hasNonNull("title")) {
                return "problem body " + abbreviate(response.body());
            }
        } catch (RuntimeException e) {
            return "problem body is not JSON: " + abbreviate(response.body());
        }
        return null;
    }

    private static String abbreviate(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "...";
    }
}
