package io.waveflow.bench;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** A stem the suite uploads, with the seed's webhook bodies for it. */
record Stem(String stemId, String userId, String trackId) {

    Map<String, Object> upload() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("userId", userId);
        body.put("trackId", trackId);
        body.put("stemId", stemId);
        body.put("filepath", filepath());
        body.put("original_filename", stemId + ".wav");
        return body;
    }

    Map<String, Object> hashCheck(String hash) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("stemId", stemId);
        body.put("userId", userId);
        body.put("trackId", trackId);
        body.put("filepath", filepath());
        body.put("audio_hash", hash);
        body.put("timestamp", Instant.now().toString());
        body.put("original_filename", stemId + ".wav");
        body.put("status", "SUCCESS");
        return body;
    }

    String filepath() {
        return "stems/" + userId + "/" + trackId + "/" + stemId + ".wav";
    }
}
