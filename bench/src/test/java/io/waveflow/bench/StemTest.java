package io.waveflow.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

class StemTest {

    @Test
    void shouldMakeExactlyTheShareOfDuplicatesOfEarlierStems() {
        Map<String, String> hashes = new HashMap<>();

        Stem.Batch batch = Stem.batch("run-", 200, 0.10, hashes);

        assertThat(batch.stems()).hasSize(200);
        assertThat(batch.duplicates()).isEqualTo(20);
        assertThat(hashes).hasSize(200);
        // A duplicate has its original's user, track and hash: 180 distinct claims for 200 stems.
        assertThat(batch.stems().stream().map(s -> s.userId() + "|" + s.trackId() + "|" + hashes.get(s.stemId()))
                .collect(Collectors.toSet())).hasSize(180);
        assertThat(batch.stems().get(9).stemId()).isEqualTo("run-9");
    }
}
