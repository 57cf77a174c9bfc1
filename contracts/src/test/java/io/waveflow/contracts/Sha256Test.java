package io.waveflow.contracts;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class Sha256Test {

    @Test
    void shouldMatchTheKnownDigestOfAbc() {
        assertThat(Sha256.hex("abc"))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void shouldHashPartsLikeTheirConcatenation() {
        var digest = Sha256.digest();
        digest.update("a".getBytes(StandardCharsets.UTF_8));
        digest.update("bc".getBytes(StandardCharsets.UTF_8));
        assertThat(Sha256.hex(digest.digest())).isEqualTo(Sha256.hex("abc"));
    }
}
