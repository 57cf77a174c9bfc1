package io.waveflow.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

import io.waveflow.contracts.webhook.WebhookSignature;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** What the walkthrough does with curl: JSON in, status and body out. */
final class HttpJson {

    record Response(int status, String body) {

        JsonNode json() {
            return JSON.readTree(body);
        }
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();

    /** Posts {@code body} as JSON, signed as every webhook sender must sign it. */
    Response post(URI uri, Object body, String webhookSecret) {
        byte[] bytes = JSON.writeValueAsBytes(body);
        String signature = WebhookSignature.sign(webhookSecret, Instant.now().getEpochSecond(), bytes);
        return send(HttpRequest.newBuilder(uri)
                .header("Content-Type", "application/json")
                .header(WebhookSignature.HEADER, signature)
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)));
    }

    /** Posts {@code body} as JSON with {@code Authorization: Bearer <token>}, as the admin API wants. */
    Response postWithToken(URI uri, Object body, String bearerToken) {
        return send(HttpRequest.newBuilder(uri)
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + bearerToken)
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body))));
    }

    Response get(URI uri) {
        return send(HttpRequest.newBuilder(uri).GET());
    }

    /** A GET with {@code Authorization: Bearer <token>}, as the read and admin APIs want. */
    Response get(URI uri, String bearerToken) {
        return send(HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + bearerToken).GET());
    }

    private Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(15)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
