package io.waveflow.projections.api;

import io.waveflow.projections.store.StageStart;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
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
        assertThat(request.filter().stage()).isNull();
        assertThat(request.stuckFor()).isNull();
        assertThat(request.afterStageStart()).isNull();
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
    void shouldTakeStageAndStuckForAndContinueAfterTheStageStartOfTheCursor() {
        StageStart last = new StageStart(Instant.parse("2026-01-05T10:00:05.123456Z"), "stem-9");

        StemListRequest request = StemListRequest.parse(parameters("stage", "analysis", "stuckFor", "PT10M",
                "cursor", Cursor.after(last)));

        assertThat(request.filter().stage()).isEqualTo("analysis");
        assertThat(request.stuckFor()).isEqualTo(Duration.ofMinutes(10));
        assertThat(request.afterStageStart()).isEqualTo(last);
        assertThat(request.afterStemId()).isNull();
    }

    @Test
    void shouldFilterByStageAloneInStemIdOrder() {
        StemListRequest request = StemListRequest.parse(parameters("stage", "done", "cursor", Cursor.after("stem-3")));

        assertThat(request.filter().stage()).isEqualTo("done");
        assertThat(request.stuckFor()).isNull();
        assertThat(request.afterStemId()).isEqualTo("stem-3");
    }

    @Test
    void shouldAcceptEveryStageAndPositiveDurations() {
        for (String stage : List.of("hash", "duplicate", "analysis", "done")) {
            assertThat(StemListRequest.parse(parameters("stage", stage)).filter().stage()).isEqualTo(stage);
        }
        assertThat(StemListRequest.parse(parameters("stuckFor", "PT0.5S")).stuckFor()).isEqualTo(Duration.ofMillis(500));
        assertThat(StemListRequest.parse(parameters("stuckFor", "P1DT2H")).stuckFor()).isEqualTo(Duration.ofHours(26));
        assertThat(StemListRequest.parse(parameters("stuckFor", "P3650D")).stuckFor()).isEqualTo(Duration.ofDays(3650));
    }

    @Test
    void shouldTakeACursorOnlyFromTheKindOfListingThatIssuedIt() {
        String byStemId = Cursor.after("stem-9");
        String byStageStart = Cursor.after(new StageStart(Instant.parse("2026-01-05T10:00:00Z"), "stem-9"));

        assertRefused(parameters("stuckFor", "PT10M", "cursor", byStemId), "cursor");
        assertRefused(parameters("cursor", byStageStart), "cursor");
    }

    @Test
    void shouldAcceptEveryReadModelStatus() {
        for (String status : List.of("processing", "duplicate", "completed", "error", "deleted", "cancelled")) {
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
        assertRefused(parameters("stage", "Analysis"), "stage");
        assertRefused(parameters("stage", "claiming"), "stage");
        assertRefused(parameters("stage", ""), "stage");
        assertRefused(parameters("stuckFor", "10m"), "stuckFor");
        assertRefused(parameters("stuckFor", "600"), "stuckFor");
        assertRefused(parameters("stuckFor", "P1M"), "stuckFor");
        assertRefused(parameters("stuckFor", "PT0S"), "stuckFor");
        assertRefused(parameters("stuckFor", "-PT10M"), "stuckFor");
        assertRefused(parameters("stuckFor", "P3651D"), "stuckFor");
        assertRefused(Map.of("stuckFor", List.of("PT1M", "PT2M")), "stuckFor");
        assertRefused(parameters("stage", "done", "stuckFor", "PT10M"), "stage");
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
