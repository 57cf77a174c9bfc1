package io.waveflow.bridge.outbox;

import io.micrometer.core.instrument.MeterRegistry;
import io.waveflow.bridge.TopicReader;
import io.waveflow.contracts.deadletter.DeadLetter;
import io.waveflow.contracts.inbound.InboundEvent;
import io.waveflow.contracts.inbound.StemDeleted;
import io.waveflow.contracts.inbound.UploadCompleted;
import io.waveflow.contracts.topic.Topic;
import io.waveflow.contracts.topic.Topics;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.waveflow.bridge.outbox.OutboxMapper.STEM_DELETED;
import static io.waveflow.bridge.outbox.OutboxMapper.UPLOAD_COMPLETED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The outbox capture in a whole bridge against embedded PostgreSQL (pgoutput) and the in-JVM
 * Kafka broker: rows become inbound events in commit order, bad rows become dead letters without
 * stopping capture, and a restart mid-stream loses nothing and repeats only identical events.
 */
class OutboxCaptureIT {

    @Test
    void shouldPublishOutboxRowsAsInboundEventsInCommitOrderPerStem() throws Exception {
        String stemA = newStemId();
        String stemB = newStemId();
        try (OutboxBridge bridge = new OutboxBridge(OutboxBridge.uniqueName("order")).start();
             TopicReader<InboundEvent> inbound = reader(Topics.INBOUND)) {
            // given: two stems, interleaved, plus one transaction that writes two rows of one stem
            List<String> idsA = new ArrayList<>();
            List<String> idsB = new ArrayList<>();
            idsA.add(OutboxRows.insert(stemA, UPLOAD_COMPLETED, OutboxRows.uploadPayload(stemA)));
            idsB.add(OutboxRows.insert(stemB, UPLOAD_COMPLETED, OutboxRows.uploadPayload(stemB)));
            idsA.add(OutboxRows.insert(stemA, STEM_DELETED, OutboxRows.deletePayload()));
            idsB.addAll(insertInOneTransaction(stemB));

            // when
            List<InboundEvent> eventsA = inbound.awaitValues(e -> e.stemId().equals(stemA), seen -> seen.size() >= 2);
            List<InboundEvent> eventsB = inbound.awaitValues(e -> e.stemId().equals(stemB), seen -> seen.size() >= 3);

            // then
            assertThat(eventsA).extracting(InboundEvent::id).containsExactlyElementsOf(idsA);
            assertThat(eventsB).extracting(InboundEvent::id).containsExactlyElementsOf(idsB);
            assertThat(eventsA.get(0)).isInstanceOfSatisfying(UploadCompleted.class, upload -> {
                assertThat(upload.userId()).isEqualTo("user-1");
                assertThat(upload.trackId()).isEqualTo("track-1");
                assertThat(upload.filepath()).isEqualTo("stems/" + stemA + ".wav");
                assertThat(upload.originalFilename()).isEqualTo("bass.wav");
                assertThat(upload.timestamp()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
            });
            assertThat(eventsA.get(1)).isEqualTo(new StemDeleted(idsA.get(1), eventsA.get(1).time(), stemA,
                    "user-1", "track-1"));
            assertThat(eventsB).extracting(e -> e.getClass().getSimpleName())
                    .containsExactly(UPLOAD_COMPLETED, STEM_DELETED, UPLOAD_COMPLETED);

            // Rows may be deleted once captured: a DELETE publishes nothing.
            try (Connection connection = OutboxBridge.connect();
                 PreparedStatement delete = connection.prepareStatement(
                         "DELETE FROM waveflow_outbox WHERE aggregateid IN (?, ?)")) {
                delete.setString(1, stemA);
                delete.setString(2, stemB);
                assertThat(delete.executeUpdate()).isEqualTo(5);
            }
            assertThat(inbound.drain(e -> e.stemId().equals(stemA) || e.stemId().equals(stemB),
                    Duration.ofSeconds(2))).hasSize(5);

            // The heartbeat keeps the slot's confirmed position moving; its lag is a metric.
            MeterRegistry meters = bridge.context().getBean(MeterRegistry.class);
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    meters.get("waveflow.bridge.outbox.slot.lag").gauge().value() >= 0);
            assertThat(meters.get("waveflow.bridge.outbox.captured").counter().count()).isGreaterThanOrEqualTo(5);
            await().atMost(Duration.ofSeconds(30)).until(OutboxCaptureIT::heartbeatWritten);
            assertThat(bridge.context().getBean("outboxHealthIndicator", HealthIndicator.class).health().getStatus())
                    .isEqualTo(Status.UP);
        }
    }

    @Test
    void shouldDeadLetterMalformedRowsAndKeepCapturing() throws Exception {
        String stem = newStemId();
        try (OutboxBridge bridge = new OutboxBridge(OutboxBridge.uniqueName("malformed")).start();
             TopicReader<InboundEvent> inbound = reader(Topics.INBOUND);
             TopicReader<DeadLetter> deadLetters = reader(Topics.DEAD_LETTER)) {
            // given
            String unknownType = OutboxRows.insert(stem, "StemRenamed", OutboxRows.deletePayload());
            String missingFields = OutboxRows.insert(stem, UPLOAD_COMPLETED, "{\"stemId\":\"" + stem + "\"}");
            String good = OutboxRows.insert(stem, UPLOAD_COMPLETED, OutboxRows.uploadPayload(stem));

            // when
            // (a later test's first snapshot may park these rows again; each is looked up by its id)
            List<DeadLetter> letters = deadLetters.awaitValues(letter -> stem.equals(letter.key()),
                    seen -> seen.stream().anyMatch(l -> l.value().contains(unknownType))
                            && seen.stream().anyMatch(l -> l.value().contains(missingFields)));
            List<InboundEvent> events = inbound.awaitValues(e -> e.stemId().equals(stem), seen -> !seen.isEmpty());

            // then
            assertThat(letters).allSatisfy(letter -> {
                assertThat(letter.failedIn()).isEqualTo(OutboxChangeHandler.FAILED_IN);
                assertThat(letter.valueEncoding()).isEqualTo("utf-8");
            });
            assertThat(letters).filteredOn(l -> l.value().contains(unknownType)).first()
                    .satisfies(l -> assertThat(l.reason()).contains("type must be", "'StemRenamed'"));
            assertThat(letters).filteredOn(l -> l.value().contains(missingFields)).first()
                    .satisfies(l -> assertThat(l.reason())
                            .contains("userId", "trackId", "filepath", "original_filename"));
            assertThat(events).extracting(InboundEvent::id).containsExactly(good);
            assertThat(inbound.drain(e -> e.stemId().equals(stem), Duration.ofSeconds(1))).hasSize(1);
        }
    }

    @Test
    void shouldLoseNoRowAndRepeatOnlyIdenticalEventsWhenStoppedMidStream() throws Exception {
        String name = OutboxBridge.uniqueName("restart");
        List<String> stems = List.of(newStemId(), newStemId(), newStemId());
        List<String> written = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean writing = new AtomicBoolean(true);
        try (OutboxBridge bridge = new OutboxBridge(name).start();
             TopicReader<InboundEvent> inbound = reader(Topics.INBOUND)) {
            // given: an application writing rows the whole time, also while the bridge is down
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                int i = 0;
                while (writing.get() || i < 60) {
                    String stem = stems.get(i % stems.size());
                    try {
                        written.add(OutboxRows.insert(stem, i < stems.size() ? UPLOAD_COMPLETED : STEM_DELETED,
                                i < stems.size() ? OutboxRows.uploadPayload(stem) : OutboxRows.deletePayload()));
                        Thread.sleep(20);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    i++;
                }
            });
            inbound.awaitValues(e -> stems.contains(e.stemId()), seen -> seen.size() >= 10);

            // when: stopped mid-stream, rows keep coming, then started again
            bridge.stop();
            int writtenWhileDown = written.size();
            await().atMost(Duration.ofSeconds(10)).until(() -> written.size() >= writtenWhileDown + 10);
            bridge.start();
            writing.set(false);
            writer.join();

            // then: every row arrived; a row captured twice carries the same event, id included
            Set<String> expected = new HashSet<>(written);
            List<InboundEvent> events = inbound.awaitValues(e -> stems.contains(e.stemId()),
                    seen -> seen.stream().map(InboundEvent::id).collect(java.util.stream.Collectors.toSet())
                            .containsAll(expected));
            assertThat(events).extracting(InboundEvent::id).allMatch(expected::contains);
            Map<String, InboundEvent> byId = new HashMap<>();
            for (InboundEvent event : events) {
                InboundEvent first = byId.putIfAbsent(event.id(), event);
                assertThat(first == null || first.equals(event)).as("repeat of %s", event.id()).isTrue();
            }
            // per stem, the first occurrences keep the order the rows were committed in
            for (String stem : stems) {
                List<String> committed = written.stream().filter(id -> stemOf(byId, id).equals(stem)).toList();
                List<String> firstSeen = events.stream().filter(e -> e.stemId().equals(stem))
                        .map(InboundEvent::id).distinct().toList();
                assertThat(firstSeen).containsExactlyElementsOf(committed);
            }
        }
    }

    @Test
    void shouldPublishTheSameEventsWhenRowsAreCapturedAgainAfterTheOffsetsAreLost() throws Exception {
        String stem = newStemId();
        List<String> ids = new ArrayList<>();
        // The reader after the first start: the bridge declares the topics.
        OutboxBridge first = new OutboxBridge(OutboxBridge.uniqueName("first")).start();
        try (first; TopicReader<InboundEvent> inbound = reader(Topics.INBOUND)) {
            try (first) {
                ids.add(OutboxRows.insert(stem, UPLOAD_COMPLETED, OutboxRows.uploadPayload(stem)));
                ids.add(OutboxRows.insert(stem, STEM_DELETED, OutboxRows.deletePayload()));
                inbound.awaitValues(e -> e.stemId().equals(stem), seen -> seen.size() >= 2);
            }

            // when: a bridge without the stored position (new slot and offset key) snapshots the table again
            try (OutboxBridge bridge = new OutboxBridge(OutboxBridge.uniqueName("again")).start()) {
                List<InboundEvent> events = inbound.awaitValues(e -> e.stemId().equals(stem),
                        seen -> seen.size() >= 4);

                // then: each row was published twice, as the same event with the same id
                assertThat(events).hasSize(4);
                // (a snapshot reads in table order, not commit order; the topology dedupes by id either way)
                assertThat(events.subList(0, 2)).extracting(InboundEvent::id).containsExactlyElementsOf(ids);
                assertThat(events.subList(2, 4)).containsExactlyInAnyOrderElementsOf(events.subList(0, 2));
            }
        }
    }

    private static boolean heartbeatWritten() throws Exception {
        try (Connection connection = OutboxBridge.connect();
             java.sql.ResultSet rows = connection.createStatement()
                     .executeQuery("SELECT count(*) FROM waveflow_outbox_heartbeat")) {
            return rows.next() && rows.getLong(1) == 1;
        }
    }

    private static String stemOf(Map<String, InboundEvent> byId, String id) {
        return byId.get(id).stemId();
    }

    private static List<String> insertInOneTransaction(String stem) throws Exception {
        List<String> ids = List.of(UUID.randomUUID().toString(), UUID.randomUUID().toString());
        try (Connection connection = OutboxBridge.connect();
             PreparedStatement insert = connection.prepareStatement(OutboxRows.INSERT)) {
            connection.setAutoCommit(false);
            OutboxRows.insert(insert, ids.get(0), stem, STEM_DELETED, OutboxRows.deletePayload());
            OutboxRows.insert(insert, ids.get(1), stem, UPLOAD_COMPLETED, OutboxRows.uploadPayload(stem));
            connection.commit();
        }
        return ids;
    }

    private static String newStemId() {
        return "stem-" + UUID.randomUUID();
    }

    private static <V> TopicReader<V> reader(Topic<String, V> topic) {
        return new TopicReader<>(OutboxServers.get().kafka().bootstrapServers(), topic);
    }
}
