package io.waveflow.projections;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Calls the running service over HTTP like any reader would, keeping error answers as answers. */
final class StemApiClient {

    private final RestClient client;
    private final JsonMapper json;

    /** A client that sends the ITs' admin token, so every endpoint answers as for an operator. */
    StemApiClient(int port, JsonMapper json) {
        this(port, json, TestTokens.ADMIN);
    }

    /** A client that sends {@code token} as its bearer token, or none when it is null. */
    StemApiClient(int port, JsonMapper json, String token) {
        RestClient.Builder builder = RestClient.builder()
                .baseUrl("http://127.0.0.1:" + port)
                .defaultStatusHandler(status -> true, (request, response) -> { });
        if (token != null) {
            builder.defaultHeader("Authorization", "Bearer " + token);
        }
        this.client = builder.build();
        this.json = json;
    }

    ResponseEntity<String> get(String path) {
        return client.get().uri(path).retrieve().toEntity(String.class);
    }

    ResponseEntity<String> post(String path) {
        return client.post().uri(path).retrieve().toEntity(String.class);
    }

    ResponseEntity<String> delete(String path) {
        return client.delete().uri(path).retrieve().toEntity(String.class);
    }

    /** The stem as JSON fields, or null while the read model does not have it. */
    Map<String, Object> stem(String stemId) {
        ResponseEntity<String> response = get("/stems/" + stemId);
        return response.getStatusCode().is2xxSuccessful() ? object(response.getBody()) : null;
    }

    List<Map<String, Object>> history(String stemId) {
        ResponseEntity<String> response = get("/stems/" + stemId + "/history");
        return response.getStatusCode().is2xxSuccessful()
                ? json.readValue(response.getBody(), new TypeReference<List<Map<String, Object>>>() { })
                : List.of();
    }

    /** Every page of a listing, following the cursors with pages of {@code limit}; each must be a 200 within the limit. */
    List<List<Map<String, Object>>> pages(String path, int limit) {
        List<List<Map<String, Object>>> pages = new ArrayList<>();
        String cursor = null;
        do {
            String url = path + "&limit=" + limit + (cursor == null ? "" : "&cursor=" + cursor);
            ResponseEntity<String> response = get(url);
            assertThat(response.getStatusCode()).as(url).isEqualTo(HttpStatus.OK);
            Map<String, Object> page = object(response.getBody());
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> items = (List<Map<String, Object>>) page.get("items");
            assertThat(items).as(url).hasSizeLessThanOrEqualTo(limit);
            pages.add(items);
            cursor = (String) page.get("nextCursor");
        } while (cursor != null);
        return pages;
    }

    Map<String, Object> object(String body) {
        return json.readValue(body, new TypeReference<Map<String, Object>>() { });
    }
}
