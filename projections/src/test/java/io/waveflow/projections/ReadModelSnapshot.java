package io.waveflow.projections;

import org.springframework.jdbc.core.JdbcTemplate;

import java.util.List;
import java.util.Map;

/**
 * Every row of a read model, every column, in key order: what "equal row for row" compares.
 * Read through the views, i.e. the generation readers see, unless tables are named.
 */
public record ReadModelSnapshot(List<Map<String, Object>> stems, List<Map<String, Object>> history) {

    public static ReadModelSnapshot of(JdbcTemplate jdbc) {
        return of(jdbc, "stem", "stem_history");
    }

    public static ReadModelSnapshot of(JdbcTemplate jdbc, String stemTable, String historyTable) {
        return new ReadModelSnapshot(
                jdbc.queryForList("SELECT * FROM " + stemTable + " ORDER BY stem_id"),
                jdbc.queryForList("SELECT * FROM " + historyTable + " ORDER BY event_id"));
    }

    public Map<String, Object> stem(String stemId) {
        return stems.stream().filter(row -> stemId.equals(row.get("stem_id"))).findFirst().orElse(null);
    }

    @Override
    public String toString() {
        return stems.size() + " stems, " + history.size() + " history entries";
    }
}
