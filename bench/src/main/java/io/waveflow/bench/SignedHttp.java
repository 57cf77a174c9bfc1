package io.waveflow.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

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
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    String secret() {
        return secret;
    }
}
