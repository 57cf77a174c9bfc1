package io.waveflow.projections.store;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StemProjectorTest {

    @Test
    void shouldUpdateEveryColumnByTheRuleThatTravelsWithIt() {
        String sql = StemProjector.Statements.updateSql("stem_g7");

        assertThat(sql).startsWith("UPDATE stem_g7 AS s SET").endsWith("WHERE s.stem_id = c.stem_id");
        for (StemColumn column : StemColumn.values()) {
            String name = column.columnName();
            assertThat(sql).contains(name + " = CASE c." + name + "_rule WHEN 'overwrite' THEN c." + name
                    + " WHEN 'fill' THEN COALESCE(s." + name + ", c." + name + ")"
                    + " WHEN 'prefer' THEN COALESCE(c." + name + ", s." + name + ")"
                    + " WHEN 'earliest' THEN LEAST(s." + name + ", c." + name + ")"
                    + " WHEN 'latest' THEN GREATEST(s." + name + ", c." + name + ")"
                    + " ELSE s." + name + " END");
            assertThat(sql).contains("?::" + column.sqlType() + "[], ?::text[]");
        }
    }

    @Test
    void shouldInsertNewStemsWithEveryColumnInStemOrderAndNameThem() {
        String sql = StemProjector.Statements.insertSql("stem_g7");

        assertThat(sql).startsWith("INSERT INTO stem_g7 (stem_id, user_id, track_id,")
                .contains("SELECT c.stem_id, c.user_id, c.track_id,", "ORDER BY c.stem_id")
                .endsWith("ON CONFLICT (stem_id) DO NOTHING\nRETURNING stem_id");
        for (StemColumn column : StemColumn.values()) {
            assertThat(sql).contains(", c." + column.columnName(), column.columnName() + "_rule");
        }
    }

    @Test
    void shouldNameTablesAfterTheGenerationOnly() {
        GenerationTables tables = new GenerationTables(12);

        assertThat(tables.stem()).isEqualTo("stem_g12");
        assertThat(tables.history()).isEqualTo("stem_history_g12");
    }
}
