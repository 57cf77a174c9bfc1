package io.waveflow.projections.store;

import org.junit.jupiter.api.Test;

import java.util.EnumSet;

import static org.assertj.core.api.Assertions.assertThat;

class StemProjectorTest {

    @Test
    void shouldUpsertOnlyTheChangedColumns() {
        String sql = StemProjector.upsertSql(EnumSet.of(StemColumn.STAGE, StemColumn.ATTEMPTS));

        assertThat(sql).isEqualTo("INSERT INTO stem (stem_id, stage, attempts, updated_at, last_event_time)"
                + " VALUES (:stem_id, :stage, :attempts, now(), :last_event_time)"
                + " ON CONFLICT (stem_id) DO UPDATE SET stage = EXCLUDED.stage, attempts = EXCLUDED.attempts,"
                + " updated_at = EXCLUDED.updated_at,"
                + " last_event_time = GREATEST(stem.last_event_time, EXCLUDED.last_event_time)");
    }
}
