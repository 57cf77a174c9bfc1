package io.waveflow.bridge;

import io.waveflow.contracts.webhook.WebhookSignature;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Plain HTTP calls to a bridge on 127.0.0.1, so tests see exactly what a worker would. Webhooks
 * are signed as a worker signs them, with {@link #SECRET} unless a test says otherwise.
 */
final class BridgeHttp {

    /** The bridge's active secrets in the ITs: the current one and the one being rotated out. */
    static final String SECRET = "wf-it-current-secret-0123456789abcdef";
    static final String PREVIOUS_SECRET = "wf-it-previous-secret-fedcba9876543210";
    static final String SECRETS_PROPERTY = "waveflow.bridge.webhook.secrets=" + SECRET + "," + PREVIOUS_SECRET;

    /** The API tokens every bridge test context has (src/test/resources/config/application.properties). */
    static final String ADMIN_TOKEN = "it-admin-token-0123456789";
    static final String READ_TOKEN = "it-reader-token-0123456789";

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final int port;

    BridgeHttp(int port) {
        this.port = port;
    }

    /** Signed with {@link #SECRET} at the current time. */
    HttpResponse<String> post(String path, String contentType, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return post(path, contentType, bytes, Map.of(WebhookSignature.HEADER, sign(SECRET, Instant.now(), bytes)));
    }

    /** Signed with {@link #SECRET} at the current time. */
    HttpResponse<String> postJson(String path, String body) {
        return post(path, "application/json", body);
    }

    /** Exactly these bytes and headers, nothing added. */
    HttpResponse<String> post(String path, String contentType, byte[] body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        return send(request.build());
    }

    /** A GET with the read token, as an operator or Prometheus reads. */
    HttpResponse<String> get(String path) {
        return get(path, READ_TOKEN);
    }

    /** A GET with {@code token} as its bearer token, or none when it is null. */
    HttpResponse<String> get(String path, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return send(request.build());
    }

    static String sign(String secret, Instant time, byte[] body) {
        return WebhookSignature.sign(secret, time.getEpochSecond(), body);
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException("request " + request.uri() + " failed", e);
        }
    }
}
