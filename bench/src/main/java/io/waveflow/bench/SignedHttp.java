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
        byte[] bytes = JSON.writeValueAsBytes(body);
        String signature = WebhookSignature.sign(secret, Instant.now().getEpochSecond(), bytes);
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header(WebhookSignature.HEADER, signature)
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                failure(uri.getPath() + " " + response.statusCode() + " " + abbreviate(response.body()));
            }
            return response.statusCode();
        } catch (IOException e) {
            failure(uri.getPath() + " " + e.getClass().getSimpleName() + " " + abbreviate(String.valueOf(e.getMessage())));
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
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
