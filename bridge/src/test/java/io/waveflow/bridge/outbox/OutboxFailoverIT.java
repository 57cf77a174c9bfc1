package io.waveflow.bridge.outbox;

import io.micrometer.core.instrument.MeterRegistry;
import io.waveflow.bridge.TopicReader;
import io.waveflow.contracts.inbound.InboundEvent;
import io.waveflow.contracts.topic.Topics;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static io.waveflow.bridge.outbox.OutboxMapper.STEM_DELETED;
import static io.waveflow.bridge.outbox.OutboxMapper.UPLOAD_COMPLETED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two bridges with the outbox on, sharing one replication slot and one stored position (same slot,
 * engine name and offset topic, as two replicas of one deployment). The first runs in a child JVM
 * from the packaged jar, so it can be killed with SIGKILL like a crashed process: PostgreSQL frees
 * the slot only because the dead process's replication socket closed, not because anything was shut
 * down cleanly (closing a Spring context in this JVM would stop the engine politely and prove less).
 * The second runs in this JVM, where its role, metrics and health can be read.
 */
class OutboxFailoverIT {

    private static final Logger log = LoggerFactory.getLogger(OutboxFailoverIT.class);
    private static final Duration STARTUP = Duration.ofMinutes(3);
    // CaptureSupervisor's log lines, read from a child bridge's log.
    private static final String STANDING_BY = "Standing by:";
    private static final String STARTING = "is free; starting outbox capture";
    private static final String LOST_RACE = "first; checking every";
    private static final String RECOVERING = "trying again in";

    @Test
    void shouldLetTheStandbyCaptureTheNextRowOnceTheActiveBridgeIsKilled() throws Exception {
        String name = OutboxBridge.uniqueName("failover");
        String stem = "stem-" + UUID.randomUUID();
        SlotProbe slot = slot(name);
        OutboxBridge settings = settings(name);
        // Closed in reverse: the child is killed before the second bridge stops and drops the slot.
        try (OutboxBridge second = settings;
             OutboxBridgeProcess first = OutboxBridgeProcess.start(settings, log("failover-first"))) {
            // given: the first bridge alone holds the slot and captures
            int firstHolder = awaitHolding(first, slot);
            String before = OutboxRows.insert(stem, UPLOAD_COMPLETED, OutboxRows.uploadPayload(stem));
            try (TopicReader<InboundEvent> inbound = inbound()) {
                inbound.awaitValues(e -> e.id().equals(before), seen -> !seen.isEmpty());

                // and: the second bridge stands by while the first is alive, capturing nothing
                second.start();
                OutboxEngine standby = second.context().getBean(OutboxEngine.class);
                MeterRegistry meters = second.context().getBean(MeterRegistry.class);
                String during = OutboxRows.insert(stem, STEM_DELETED, OutboxRows.deletePayload());
                inbound.awaitValues(e -> e.id().equals(during), seen -> !seen.isEmpty());
                assertThat(standby.role()).isEqualTo(OutboxRole.STANDBY);
                assertThat(meters.get("waveflow.bridge.outbox.capture.starts").functionCounter().count()).isZero();
                assertThat(meters.get("waveflow.bridge.outbox.captured").counter().count()).isZero();
                assertThat(meters.get("waveflow.bridge.outbox.role").tag("role", "standby").gauge().value()).isOne();
                Health standingBy = health(second);
                assertThat(standingBy.getStatus()).isEqualTo(Status.UP);
                assertThat(standingBy.getDetails()).containsEntry("role", "standby");
                assertThat(slot.holder()).isEqualTo(firstHolder);

                // when: the first bridge is killed (SIGKILL) and the application writes the next row
                Instant killed = Instant.now();
                assertThat(first.kill()).isEqualTo(137);
                String after = OutboxRows.insert(stem, UPLOAD_COMPLETED, OutboxRows.uploadPayload(stem));

                // then: the second bridge took the slot and captured the row, exactly once
                List<InboundEvent> events = inbound.awaitValues(e -> e.stemId().equals(stem),
                        seen -> seen.stream().anyMatch(e -> e.id().equals(after)));
                // Reported, not asserted (a loaded machine decides it): kill to the row on Kafka.
                log.info("Takeover: the row written after the kill was on Kafka {} ms after the kill",
                        Duration.between(killed, Instant.now()).toMillis());
                events = inbound.drain(e -> e.stemId().equals(stem), Duration.ofSeconds(3));
                assertThat(events).filteredOn(e -> e.id().equals(after)).hasSize(1);
                assertThat(standby.role()).isEqualTo(OutboxRole.ACTIVE);
                assertThat(meters.get("waveflow.bridge.outbox.capture.starts").functionCounter().count()).isOne();
                assertThat(meters.get("waveflow.bridge.outbox.role").tag("role", "active").gauge().value()).isOne();
                assertThat(health(second).getDetails()).containsEntry("role", "active");
                assertThat(slot.holder()).isNotZero().isNotEqualTo(firstHolder);

                // Rows the first bridge published but had not stored its position for yet may come again:
                // only as the identical event (same id), which the workflow drops. Nothing else arrives.
                assertThat(events).extracting(InboundEvent::id).allMatch(Set.of(before, during, after)::contains);
                Map<String, InboundEvent> byId = new HashMap<>();
                for (InboundEvent event : events) {
                    InboundEvent seenFirst = byId.putIfAbsent(event.id(), event);
                    assertThat(seenFirst == null || seenFirst.equals(event)).as("repeat of %s", event.id()).isTrue();
                }
                assertThat(byId).containsOnlyKeys(before, during, after);
            }
        }
    }

    /**
     * Two standbys, one in a child JVM and one here, both see the slot free when the active bridge is
     * killed; usually both start an engine and PostgreSQL refuses one of them the stream (55006), which
     * must go back to standing by, not to an error. Which one wins is up to the machine.
     */
    @Test
    void shouldLeaveOneBridgeCapturingWhenTwoStandbysRaceForTheFreedSlot() throws Exception {
        String name = OutboxBridge.uniqueName("race");
        String stem = "stem-" + UUID.randomUUID();
        SlotProbe slot = slot(name);
        OutboxBridge settings = settings(name);
        try (OutboxBridge here = settings;
             OutboxBridgeProcess first = OutboxBridgeProcess.start(settings, log("race-first"))) {
            int firstHolder = awaitHolding(first, slot);
            try (OutboxBridgeProcess other = OutboxBridgeProcess.start(settings, log("race-other"));
                 TopicReader<InboundEvent> inbound = inbound()) {
                // given: two standbys
                here.start();
                await().atMost(STARTUP).until(() -> other.logContains(STANDING_BY) || !other.isAlive());
                assertThat(other.isAlive()).as("other bridge running, see %s", other.log()).isTrue();
                OutboxEngine engine = here.context().getBean(OutboxEngine.class);
                MeterRegistry meters = here.context().getBean(MeterRegistry.class);
                assertThat(engine.role()).isEqualTo(OutboxRole.STANDBY);

                // when
                assertThat(first.kill()).isEqualTo(137);
                String after = OutboxRows.insert(stem, UPLOAD_COMPLETED, OutboxRows.uploadPayload(stem));

                // then: captured once, by whichever bridge got the stream; the loser stands by again
                inbound.awaitValues(e -> e.id().equals(after), seen -> !seen.isEmpty());
                assertThat(inbound.drain(e -> e.id().equals(after), Duration.ofSeconds(3))).hasSize(1);
                boolean hereWon = meters.get("waveflow.bridge.outbox.captured").counter().count() > 0;
                if (hereWon) {
                    await().atMost(Duration.ofSeconds(60)).until(() ->
                            other.logCount(STARTING) == other.logCount(LOST_RACE));
                    assertThat(engine.role()).isEqualTo(OutboxRole.ACTIVE);
                } else {
                    await().atMost(Duration.ofSeconds(60)).until(() -> engine.role() == OutboxRole.STANDBY);
                    assertThat(other.logCount(STARTING)).isEqualTo(other.logCount(LOST_RACE) + 1);
                }
                assertThat(other.logContains(RECOVERING)).as("errors in %s", other.log()).isFalse();
                assertThat(meters.get("waveflow.bridge.outbox.role").tag("role", "recovering").gauge().value()).isZero();
                assertThat(slot.holder()).isNotZero().isNotEqualTo(firstHolder);
                long hereStarts = (long) meters.get("waveflow.bridge.outbox.capture.starts").functionCounter().count();
                log.info("Race for the freed slot: {} bridge won; this bridge started {} engine(s), the other "
                                + "started {} and lost {} race(s)", hereWon ? "this" : "the other", hereStarts,
                        other.logCount(STARTING), other.logCount(LOST_RACE));
            }
        }
    }

    private static OutboxBridge settings(String name) {
        return new OutboxBridge(name, Map.of(
                "waveflow.bridge.outbox.standby-poll-interval", "500ms",
                "waveflow.bridge.outbox.restart-backoff-max", "2s"));
    }

    private static SlotProbe slot(String name) {
        OutboxServers servers = OutboxServers.get();
        return new SlotProbe(servers.jdbcUrl(), servers.postgres().username(), servers.postgres().password(), name);
    }

    private static TopicReader<InboundEvent> inbound() {
        return new TopicReader<>(OutboxServers.get().kafka().bootstrapServers(), Topics.INBOUND);
    }

    private static Path log(String name) {
        return Path.of("target", "outbox-" + name + "-bridge.log");
    }

    /** Waits until {@code bridge} streams from the slot; returns the PostgreSQL process that serves it. */
    private static int awaitHolding(OutboxBridgeProcess bridge, SlotProbe slot) throws Exception {
        await().atMost(STARTUP).until(() -> slot.holder() != 0 || !bridge.isAlive());
        assertThat(bridge.isAlive()).as("bridge running, see %s", bridge.log()).isTrue();
        return slot.holder();
    }

    private static Health health(OutboxBridge bridge) {
        return bridge.context().getBean("outboxHealthIndicator", HealthIndicator.class).health();
    }
}
