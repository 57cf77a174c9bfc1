package io.waveflow.projections.api;

import io.waveflow.projections.store.StageStart;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CursorTest {

    @Test
    void shouldRoundTripStageStartsToTheMicrosecondWithAnyStemId() {
        for (String stemId : List.of("stem-1", "with|bars|and:colons", "ünïcode ?&=")) {
            StageStart start = new StageStart(Instant.parse("2026-01-05T10:00:05.123456Z"), stemId);

            assertThat(Cursor.stageStartOf(Cursor.after(start))).isEqualTo(start);
        }
        assertThat(Cursor.after(new StageStart(Instant.EPOCH, "stem-1"))).matches("[A-Za-z0-9_-]+");
    }

    @Test
    void shouldKeepReadingVersionOneCursorsAsStemIds() {
        String issuedBefore = Base64.getUrlEncoder().withoutPadding()
                .encodeToString("1:stem-2".getBytes(StandardCharsets.UTF_8));

        assertThat(issuedBefore).isEqualTo("MTpzdGVtLTI");
        assertThat(Cursor.stemIdOf(issuedBefore)).isEqualTo("stem-2");
    }

    @Test
    void shouldRefuseCursorsOfTheOtherVersionOrBrokenOnes() {
        for (String body : List.of("2:", "2:2026-01-05T10:00:00Z", "2:2026-01-05T10:00:00Z|", "2:yesterday|stem-1",
                "2:|stem-1", "3:stem-1", "1:stem-1")) {
            assertThatThrownBy(() -> Cursor.stageStartOf(encode(body))).as(body)
                    .isInstanceOfSatisfying(BadParameterException.class,
                            e -> assertThat(e.parameter()).isEqualTo("cursor"));
        }
        assertThatThrownBy(() -> Cursor.stemIdOf(encode("2:2026-01-05T10:00:00Z|stem-1")))
                .isInstanceOf(BadParameterException.class);
        assertThatThrownBy(() -> Cursor.stageStartOf("***")).isInstanceOf(BadParameterException.class);
    }

    private static String encode(String body) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(body.getBytes(StandardCharsets.UTF_8));
    }
}
