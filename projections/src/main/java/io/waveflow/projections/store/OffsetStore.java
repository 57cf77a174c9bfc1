package io.waveflow.projections.store;

import org.apache.kafka.common.TopicPartition;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads the offsets a generation stored with its rows: where its consumers resume, and how far it
 * got. {@link StemProjector} writes them.
 */
public class OffsetStore {

    private final JdbcTemplate jdbc;

    public OffsetStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The next offset to read for each of {@code partitions} that has one stored; absent means from the beginning. */
    public Map<TopicPartition, Long> load(int generation, Collection<TopicPartition> partitions) {
        Map<TopicPartition, Long> wanted = new HashMap<>();
        all(generation).forEach((partition, next) -> {
            if (partitions.contains(partition)) {
                wanted.put(partition, next);
            }
        });
        return wanted;
    }

    public Map<TopicPartition, Long> all(int generation) {
        Map<TopicPartition, Long> offsets = new HashMap<>();
        jdbc.query("SELECT topic, partition, next_offset FROM projection_offset WHERE generation = ?", row -> {
            offsets.put(new TopicPartition(row.getString("topic"), row.getInt("partition")), row.getLong("next_offset"));
        }, generation);
        return offsets;
    }
}
