package io.waveflow.projections.store;

import io.waveflow.contracts.json.Codecs;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static io.waveflow.projections.WorkflowEvents.completed;
import static io.waveflow.projections.WorkflowEvents.duplicateDetected;
import static io.waveflow.projections.WorkflowEvents.failed;
import static org.assertj.core.api.Assertions.assertThat;

class StemQueriesTest {

    @Test
    void shouldCountTheEventTypesTheWorkflowCodecWritesAndTheHistoryIndexCovers() throws IOException {
        assertThat(StemQueries.COMPLETED_TYPE).isEqualTo(Codecs.WORKFLOW.typeOf(completed("s", "h")));
        assertThat(StemQueries.DUPLICATE_TYPE).isEqualTo(Codecs.WORKFLOW.typeOf(duplicateDetected("s", "h", "o")));
        assertThat(StemQueries.FAILED_TYPE).isEqualTo(Codecs.WORKFLOW.typeOf(failed("s", "E", "boom")));
        try (InputStream migration = getClass().getResourceAsStream("/db/migration/V3__stage_started_at.sql")) {
            assertThat(new String(migration.readAllBytes(), StandardCharsets.UTF_8)).contains(
                    "'" + StemQueries.COMPLETED_TYPE + "'", "'" + StemQueries.DUPLICATE_TYPE + "'",
                    "'" + StemQueries.FAILED_TYPE + "'");
        }
    }

    @Test
    void shouldTakeTheLastUpdateAsStageStartOfRowsWrittenBeforeTheColumnExisted() {
        Instant started = Instant.parse("2026-01-05T10:00:05Z");
        Instant updated = Instant.parse("2026-01-05T10:00:09Z");

        assertThat(StageStart.of(stem("a", started, updated))).isEqualTo(new StageStart(started, "a"));
        assertThat(StageStart.of(stem("b", null, updated))).isEqualTo(new StageStart(updated, "b"));
    }

    private static Stem stem(String stemId, Instant stageStartedAt, Instant updatedAt) {
        return new Stem(stemId, null, null, null, null, null, null, null, null, null, null, null, "processing", null,
                null, null, "analysis", stageStartedAt, 1, updatedAt, updatedAt);
    }
}
