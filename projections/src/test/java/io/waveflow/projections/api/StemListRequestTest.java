package io.waveflow.projections.api;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StemListRequestTest {

    @Test
    void shouldListEverythingFiftyAtATimeWithoutParameters() {
        StemListRequest request = StemListRequest.parse(Map.of());

        assertThat(request.limit()).isEqualTo(50);
        assertThat(request.afterStemId()).isNull();
        assertThat(request.filter().userId()).isNull();
        assertThat(request.filter().trackId()).isNull();
        assertThat(request.filter().status()).isNull();
    }

    @Test
    void shouldTakeFiltersLimitAndCursor() {
        StemListRequest request = StemListRequest.parse(parameters("userId", "u1", "trackId", "t1",
                "status", "completed", "limit", "500", "cursor", Cursor.after("stem-9")));

        assertThat(request.filter().userId()).isEqualTo("u1");
        assertThat(request.filter().trackId()).isEqualTo("t1");
        assertThat(request.filter().status()).isEqualTo("completed");
        assertThat(request.limit()).isEqualTo(500);
        assertThat(request.afterStemId()).isEqualTo("stem-9");
    }

    @Test
    void shouldAcceptEveryReadModelStatus() {
        for (String status : List.of("processing", "duplicate", "completed", "error", "deleted")) {
            assertThat(StemListRequest.parse(parameters("status", status)).filter().status()).isEqualTo(status);
        }
    }

    @Test
    void shouldNameTheParameterItRefuses() {
        assertRefused(parameters("limit", "0"), "limit");
        assertRefused(parameters("limit", "501"), "limit");
        assertRefused(parameters("limit", "ten"), "limit");
        assertRefused(parameters("limit", "2.5"), "limit");
        assertRefused(parameters("status", "COMPLETED"), "status");
        assertRefused(parameters("status", "failed"), "status");
        assertRefused(parameters("cursor", "%%%"), "cursor");
        assertRefused(parameters("cursor", "c3RlbS05"), "cursor");
        assertRefused(parameters("userId", " "), "userId");
        assertRefused(parameters("user", "u1"), "user");
        assertRefused(Map.of("trackId", List.of("a", "b")), "trackId");
    }

    @Test
    void shouldRoundTripCursorsWithAnyStemId() {
        for (String stemId : List.of("stem-1", "ünïcode/with:colons?&=", "1:looks-like-a-version")) {
            assertThat(Cursor.stemIdOf(Cursor.after(stemId))).isEqualTo(stemId);
        }
        assertThat(Cursor.after("stem-1")).doesNotContain("stem-1").matches("[A-Za-z0-9_-]+");
    }

    private static void assertRefused(Map<String, List<String>> parameters, String parameter) {
        assertThatThrownBy(() -> StemListRequest.parse(parameters))
                .isInstanceOfSatisfying(BadParameterException.class, e -> {
                    assertThat(e.parameter()).isEqualTo(parameter);
                    assertThat(e.getMessage()).contains("'" + parameter + "'");
                });
    }

    private static Map<String, List<String>> parameters(String... namesAndValues) {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            parameters.put(namesAndValues[i], Arrays.asList(namesAndValues[i + 1]));
        }
        return parameters;
    }
}
