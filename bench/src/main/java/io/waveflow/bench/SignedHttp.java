package io.waveflow.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.waveflow.contracts.webhook.WebhookSignature;
import tools.jackson.databind.json.JsonMapper;

/** Posts JSON signed exactly as a worker signs its webhooks; answers the status code only (-1 on I/O failure). */
final class SignedHttp {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final String secret;
    private final Map<String, AtomicLong> failures = new ConcurrentHashMap<>();

    SignedHttp(String secret) {
        this.secret = secret;
    }

    int post(URI uri, Object body) {
        try {
            return status(uri, http.send(request(uri, body), HttpResponse.BodyHandlers.ofString()), null);
        } catch (IOException e) {
            return status(uri, null, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /**
     * The same post without holding a thread while the server answers: the load generator and the
     * worker simulator send hundreds of requests a second, and a thread blocked per request would
     * make their own scheduling the bottleneck (and their CPU the cost) instead of the services.
     */
    CompletableFuture<Integer> postAsync(URI uri, Object body) {
        return http.sendAsync(request(uri, body), HttpResponse.BodyHandlers.ofString())
                .handle((response, error) -> status(uri, response, error));
    }

    private HttpRequest request(URI uri, Object body) {
        byte[] bytes = JSON.writeValueAsBytes(body);
        String signature = WebhookSignature.sign(secret, Instant.now().getEpochSecond(), bytes);
        return HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header(WebhookSignature.HEADER, signature)
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
                .build();
    }

    /** The status code, or -1 for an I/O error; anything but 2xx is counted in {@link #failures()}. */
    private int status(URI uri, HttpResponse<String> response, Throwable error) {
        if (response == null) {
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            failure(uri.getPath() + " " + cause.getClass().getSimpleName() + " " + abbreviate(String.valueOf(cause.getMessage())));
            return -1;
        }
        if (response.statusCode() / 100 != 2) {
            failure(uri.getPath() + " " + response.statusCode() + " " + abbreviate(response.body()));
        }
        return response.statusCode();
    }

    /** Every answer that was not 2xx, by path, status and the start of the body (or the I/O error), with counts. */
    Map<String, Long> failures() {
        Map<String, Long> copy = new TreeMap<>();
        failures.forEach((k, v) -> copy.put(k, v.get()));
        return copy;
    }

    private void failure(String what) {
        failures.computeIfAbsent(what, k -> new AtomicLong()).incrementAndGet();
    }

    private static String abbreviate(String text) {
        return text.length() > 120 ? text.substring(0, 120) + "…" : text;
    }
}
