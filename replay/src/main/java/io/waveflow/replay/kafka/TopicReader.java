package io.waveflow.replay.kafka;

import io.waveflow.replay.ReplayException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Reads offset ranges of topics without a consumer group: partitions are assigned and sought
 * explicitly, nothing is committed, so a replay cannot move the offsets of any service nor
 * trigger a rebalance. Ends are captured when the plan is made (read_committed, so the last
 * stable offset) and the read stops there instead of tailing.
 */
public final class TopicReader implements AutoCloseable {

    private static final Duration POLL = Duration.ofMillis(200);

    private final String bootstrapServers;
    private final Duration timeout;
    private final Consumer<byte[], byte[]> consumer;

    TopicReader(String bootstrapServers, Duration timeout, Consumer<byte[], byte[]> consumer) {
        this.bootstrapServers = bootstrapServers;
        this.timeout = timeout;
        this.consumer = consumer;
    }

    public static TopicReader connect(String bootstrapServers, Duration timeout) {
        try {
            return new TopicReader(bootstrapServers, timeout, new KafkaConsumer<>(consumerConfig(bootstrapServers, timeout),
                    new ByteArrayDeserializer(), new ByteArrayDeserializer()));
        } catch (KafkaException e) {
            throw new ReplayException("cannot use Kafka at " + bootstrapServers + ": " + rootMessage(e), e);
        }
    }

    /** No {@code group.id}: the consumer cannot join a group or commit, by construction. */
    public static Map<String, Object> consumerConfig(String bootstrapServers, Duration timeout) {
        int timeoutMs = Math.toIntExact(timeout.toMillis());
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "waveflow-replay");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        // Every partition is sought explicitly; an offset out of range is an error, never a silent jump.
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
        config.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs);
        config.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs);
        config.put(ConsumerConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MS_CONFIG, Math.min(timeoutMs, 10_000));
        config.put(ConsumerConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MAX_MS_CONFIG, timeoutMs);
        // Bulk reading: larger fetches and batches than a service consumer would use.
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000);
        config.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 8 * 1024 * 1024);
        config.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 32 * 1024 * 1024);
        return config;
    }

    /** Resolves topics and partitions and fixes every partition's offset range. */
    public ReadPlan plan(Selection selection) {
        Map<String, List<PartitionInfo>> existing = call("list topics", () -> consumer.listTopics(timeout));
        List<String> topics = resolveTopics(selection.topics(), existing);
        List<TopicPartition> partitions = partitions(topics, selection.partitions(), existing);

        Map<TopicPartition, Long> beginnings = call("read offsets", () -> consumer.beginningOffsets(partitions, timeout));
        Map<TopicPartition, Long> ends = call("read offsets", () -> consumer.endOffsets(partitions, timeout));
        Map<TopicPartition, OffsetAndTimestamp> fromTime = offsetsForTime(partitions, selection.time().from());
        Map<TopicPartition, OffsetAndTimestamp> toTime = offsetsForTime(partitions, selection.time().to());

        List<PartitionRange> ranges = new ArrayList<>();
        for (TopicPartition partition : partitions) {
            long beginning = beginnings.get(partition);
            long end = ends.get(partition);
            long start = selection.fromOffset().forPartition(partition.partition()).orElse(beginning);
            long stop = selection.toOffset().forPartition(partition.partition()).orElse(end);
            if (selection.time().from() != null) {
                // No record at or after --from: nothing to read in this partition.
                start = fromTime.get(partition) == null ? end : fromTime.get(partition).offset();
            }
            if (selection.time().to() != null && toTime.get(partition) != null) {
                stop = toTime.get(partition).offset();
            }
            start = Math.max(start, beginning);
            stop = Math.min(stop, end);
            if (start < stop) {
                ranges.add(new PartitionRange(partition, start, stop));
            }
        }
        return new ReadPlan(topics, ranges, selection.time());
    }

    /**
     * Reads every range of the plan to its end, handing each record whose timestamp lies in the
     * plan's time range to {@code handler}; returns the number of records fetched.
     */
    public long read(ReadPlan plan, RecordHandler handler, ReadListener listener) {
        Map<TopicPartition, PartitionRange> remaining = new HashMap<>();
        plan.ranges().forEach(range -> remaining.put(range.partition(), range));
        Map<TopicPartition, Long> passed = new HashMap<>();
        consumer.assign(remaining.keySet());
        remaining.values().forEach(range -> consumer.seek(range.partition(), range.start()));

        long fetched = 0;
        long done = 0;
        long total = plan.records();
        long lastProgress = System.nanoTime();
        while (!remaining.isEmpty()) {
            ConsumerRecords<byte[], byte[]> records = call("fetch records", () -> consumer.poll(POLL));
            for (TopicPartition partition : records.partitions()) {
                PartitionRange range = remaining.get(partition);
                if (range == null) {
                    continue;
                }
                for (ConsumerRecord<byte[], byte[]> record : records.records(partition)) {
                    if (record.offset() >= range.end()) {
                        break;
                    }
                    fetched++;
                    if (plan.time().contains(record.timestamp())) {
                        accept(handler, record);
                    }
                }
            }
            boolean moved = false;
            for (var iterator = remaining.values().iterator(); iterator.hasNext(); ) {
                PartitionRange range = iterator.next();
                long position = Math.min(call("read positions", () -> consumer.position(range.partition(), timeout)),
                        range.end());
                long before = passed.getOrDefault(range.partition(), range.start());
                if (position > before) {
                    done += position - before;
                    passed.put(range.partition(), position);
                    moved = true;
                }
                if (position >= range.end()) {
                    consumer.pause(List.of(range.partition()));
                    iterator.remove();
                }
            }
            listener.progress(done, total);
            if (moved) {
                lastProgress = System.nanoTime();
            } else if (System.nanoTime() - lastProgress > timeout.toNanos()) {
                throw new ReplayException("no records from Kafka at " + bootstrapServers + " for "
                        + timeout.toSeconds() + " s; " + remaining.size() + " partitions unfinished");
            }
        }
        consumer.unsubscribe();
        return fetched;
    }

    @Override
    public void close() {
        consumer.close(Duration.ZERO);
    }

    private List<String> resolveTopics(List<String> requested, Map<String, List<PartitionInfo>> existing) {
        Set<String> topics = new LinkedHashSet<>();
        for (String name : requested.isEmpty() ? EventTopics.all() : requested) {
            String topic = EventTopics.resolve(name);
            if (!existing.containsKey(topic)) {
                throw new ReplayException("unknown topic '" + name + "': Kafka at " + bootstrapServers
                        + " has no topic " + topic + " (event topics: " + EventTopics.describe() + ")");
            }
            topics.add(topic);
        }
        return List.copyOf(topics);
    }

    private static List<TopicPartition> partitions(List<String> topics, Set<Integer> wanted,
                                                   Map<String, List<PartitionInfo>> existing) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : topics) {
            List<Integer> numbers = existing.get(topic).stream().map(PartitionInfo::partition).sorted().toList();
            for (int number : wanted) {
                if (!numbers.contains(number)) {
                    throw new ReplayException("topic " + topic + " has no partition " + number
                            + " (it has " + numbers.size() + ")");
                }
            }
            numbers.stream().filter(number -> wanted.isEmpty() || wanted.contains(number))
                    .forEach(number -> partitions.add(new TopicPartition(topic, number)));
        }
        partitions.sort(Comparator.comparing(TopicPartition::topic).thenComparing(TopicPartition::partition));
        return partitions;
    }

    private Map<TopicPartition, OffsetAndTimestamp> offsetsForTime(List<TopicPartition> partitions, Instant time) {
        if (time == null) {
            return Map.of();
        }
        Map<TopicPartition, Long> query = new HashMap<>();
        partitions.forEach(partition -> query.put(partition, time.toEpochMilli()));
        // The map holds null for a partition without any record at or after the time.
        return call("look up offsets by time", () -> consumer.offsetsForTimes(query, timeout));
    }

    private static void accept(RecordHandler handler, ConsumerRecord<byte[], byte[]> record) {
        try {
            handler.accept(record);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private <T> T call(String what, Supplier<T> action) {
        try {
            return action.get();
        } catch (TimeoutException e) {
            throw new ReplayException("cannot reach Kafka at " + bootstrapServers + " within "
                    + timeout.toSeconds() + " s (" + what + ")", e);
        } catch (KafkaException e) {
            throw new ReplayException("Kafka at " + bootstrapServers + " refused to " + what + ": "
                    + rootMessage(e), e);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
