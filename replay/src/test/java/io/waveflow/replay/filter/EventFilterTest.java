package io.waveflow.replay.filter;

import io.waveflow.contracts.topic.Topics;
import io.waveflow.replay.Events;
import io.waveflow.replay.event.EventParser;
import io.waveflow.replay.event.ReplayedEvent;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class EventFilterTest {

    private static final List<ReplayedEvent> EVENTS = parsed(Events.everyType(Instant.parse("2026-11-26T00:00:00Z")));

    @Test
    void shouldKeepEverythingWithoutCriteria() {
        assertThat(accepted(Criteria.NONE)).hasSize(EVENTS.size());
    }

    @Test
    void shouldKeepOnlyTheNamedStemsIncludingTheirDeadLetters() {
        assertThat(accepted(criteria(Set.of("s2", "s9"), Set.of(), Set.of(), Set.of())))
                .extracting(ReplayedEvent::stemId).containsOnly("s2", "s9")
                .hasSize((int) EVENTS.stream().filter(e -> Set.of("s2", "s9").contains(e.stemId())).count());
    }

    @Test
    void shouldFollowAUsersStemsIntoEventsWithoutAUserId() {
        List<ReplayedEvent> accepted = accepted(criteria(Set.of(), Set.of("u1"), Set.of(), Set.of()));

        assertThat(accepted).extracting(ReplayedEvent::stemId).containsOnly("s1", "s2");
        assertThat(accepted).extracting(ReplayedEvent::type).contains(
                "io.waveflow.workflow.HashClaimed.v1", "io.waveflow.workflow.StemCompleted.v1",
                "io.waveflow.workflow.DuplicateSettled.v1", "io.waveflow.inbound.ProcessingCompleted.v1");
        assertThat(accepted).hasSize((int) EVENTS.stream().filter(e -> Set.of("s1", "s2").contains(e.stemId())).count());
    }

    @Test
    void shouldCombineUserAndTrack() {
        assertThat(accepted(criteria(Set.of(), Set.of("u1"), Set.of("t2"), Set.of())))
                .extracting(ReplayedEvent::stemId).containsOnly("s2");
        assertThat(accepted(criteria(Set.of(), Set.of(), Set.of("t1"), Set.of())))
                .extracting(ReplayedEvent::stemId).containsOnly("s1", "s3");
    }

    @Test
    void shouldLearnOwnersFromEventsTheTypeFilterDrops() {
        List<ReplayedEvent> accepted = accepted(criteria(Set.of(), Set.of("u1"), Set.of(), Set.of("StemCompleted")));

        assertThat(accepted).extracting(ReplayedEvent::stemId).containsExactly("s1");
    }

    @Test
    void shouldNotKnowAStemWhoseFirstEventIsOutsideTheRead() {
        // given: the read starts after s1's registration (as with a late --from)
        List<ReplayedEvent> late = EVENTS.stream()
                .filter(e -> e.stemId().equals("s1") && e.userId() == null).toList();

        // when
        EventFilter filter = new EventFilter(criteria(Set.of(), Set.of("u1"), Set.of(), Set.of()));

        // then
        assertThat(late).isNotEmpty().noneMatch(filter::accepts);
    }

    private static Criteria criteria(Set<String> stems, Set<String> users, Set<String> tracks, Set<String> types) {
        return new Criteria(stems, users, tracks, types);
    }

    private static List<ReplayedEvent> accepted(Criteria criteria) {
        EventFilter filter = new EventFilter(criteria);
        return EVENTS.stream().filter(filter::accepts).toList();
    }

    private static List<ReplayedEvent> parsed(List<Events.Produced> produced) {
        EventParser parser = new EventParser();
        List<ReplayedEvent> events = new ArrayList<>();
        long offset = 0;
        for (Events.Produced record : produced) {
            events.add(parser.parse(new ConsumerRecord<>(record.topic(), 0, offset++,
                    record.key().getBytes(StandardCharsets.UTF_8), record.value())));
        }
        assertThat(events).anyMatch(event -> event.topic().equals(Topics.DEAD_LETTER.name()));
        return events;
    }
}
