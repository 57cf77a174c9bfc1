package io.waveflow.projections.generation;

import io.waveflow.projections.store.OffsetStore;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** Assembles {@link RebuildStatus}: generations and stored offsets from PostgreSQL, end offsets from Kafka. */
public class RebuildMonitor {

    private static final Logger log = LoggerFactory.getLogger(RebuildMonitor.class);

    private static final Comparator<TopicPartition> ORDER =
            Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition);

    private final Generations generations;
    private final OffsetStore offsets;
    private final EndOffsets endOffsets;

    public RebuildMonitor(Generations generations, OffsetStore offsets, EndOffsets endOffsets) {
        this.generations = generations;
        this.offsets = offsets;
        this.endOffsets = endOffsets;
    }

    public RebuildStatus status() {
        List<Generation> current = generations.list();
        Map<TopicPartition, Long> ends = ends();
        List<GenerationProgress> progress = new ArrayList<>();
        for (Generation generation : current) {
            Map<TopicPartition, Long> stored = offsets.all(generation.number());
            TreeSet<TopicPartition> partitions = new TreeSet<>(ORDER);
            partitions.addAll(stored.keySet());
            partitions.addAll(ends.keySet());
            List<GenerationProgress.PartitionProgress> rows = new ArrayList<>();
            long total = 0;
            for (TopicPartition partition : partitions) {
                long next = stored.getOrDefault(partition, 0L);
                Long end = ends.get(partition);
                Long lag = end == null ? null : Math.max(0, end - next);
                total += lag == null ? 0 : lag;
                rows.add(new GenerationProgress.PartitionProgress(partition.topic(), partition.partition(), next, end, lag));
            }
            progress.add(new GenerationProgress(generation.number(), generation.state().code(), generation.createdAt(),
                    generation.switchedAt(), ends.isEmpty() ? null : total, rows));
        }
        Integer live = current.stream()
                .filter(g -> g.state() == GenerationState.LIVE || g.state() == GenerationState.RETIRING)
                .map(Generation::number).findFirst().orElse(null);
        boolean rebuilding = current.stream().anyMatch(g -> g.state() == GenerationState.BUILDING);
        return new RebuildStatus(live, rebuilding, progress);
    }

    private Map<TopicPartition, Long> ends() {
        try {
            return endOffsets.current();
        } catch (RuntimeException e) {
            log.warn("Rebuild progress without end offsets: {}", e.getMessage());
            return Map.of();
        }
    }
}
