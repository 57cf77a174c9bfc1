package io.waveflow.bench;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import io.waveflow.contracts.Sha256;

/** A stem the suite uploads, with the seed's webhook bodies for it. */
record Stem(String stemId, String userId, String trackId) {

    /** Stems of one run, with how many are duplicates. */
    record Batch(List<Stem> stems, int duplicates) {
    }

    /**
     * {@code n} stems named {@code prefix + i}: exactly the given share of duplicates, spread evenly,
     * each with the user, track and audio hash of a random earlier original (seeded, so every run
     * picks the same). Registers every stem's audio hash in {@code hashes} for the worker simulator.
     */
    static Batch batch(String prefix, int n, double duplicateShare, Map<String, String> hashes) {
        Random random = new Random(42);
        List<Stem> stems = new ArrayList<>(n);
        List<Stem> originals = new ArrayList<>();
        int duplicates = 0;
        for (int i = 0; i < n; i++) {
            boolean duplicate = Math.floor((i + 1) * duplicateShare) > Math.floor(i * duplicateShare);
            Stem stem;
            if (duplicate && !originals.isEmpty()) {
                Stem original = originals.get(random.nextInt(originals.size()));
                stem = new Stem(prefix + i, original.userId(), original.trackId());
                hashes.put(stem.stemId(), hashes.get(original.stemId()));
                duplicates++;
            } else {
                stem = new Stem(prefix + i, prefix + "user-" + (i % 50), prefix + "track-" + i);
                hashes.put(stem.stemId(), Sha256.hex("audio " + stem.stemId()));
                originals.add(stem);
            }
            stems.add(stem);
        }
        return new Batch(List.copyOf(stems), duplicates);
    }

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
