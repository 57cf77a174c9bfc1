package io.waveflow.projections.store;

import io.waveflow.contracts.StemMessage;
import io.waveflow.projections.StemStory;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The two properties the read model's order-independent effect rests on, checked on the pure
 * mapping over many seeded random cases (the SQL applies the same rules; StemProjectorIT checks
 * that it does): any interleaving of a stem's inbound and workflow events, each topic in its own
 * order, gives the same row; and folding a batch per stem gives the same row as applying its
 * events one by one.
 */
class ConvergenceTest {

    private static final int CASES = 500;

    private static final List<StemStory> STORIES = List.of(
            StemStory.completed("s", "h"),
            StemStory.duplicate("s", "h", "owner"),
            StemStory.failedAnalysis("s", "h"),
            StemStory.completedThenDeleted("s", "h"),
            StemStory.justUploaded("s"));

    @Test
    void shouldReachTheSameRowWhateverTheInterleavingOfTheTwoTopics() {
        for (long seed = 0; seed < CASES; seed++) {
            Random random = new Random(seed);
            StemStory story = STORIES.get(random.nextInt(STORIES.size()));

            List<StemMessage> interleaved = interleave(story, random);

            assertThat(applyOneByOne(interleaved)).as("seed %d: %s", seed, interleaved)
                    .isEqualTo(applyOneByOne(workflowThenInbound(story)));
        }
    }

    @Test
    void shouldFoldBatchesToTheSameRowAsApplyingEventsOneByOne() {
        for (long seed = 0; seed < CASES; seed++) {
            Random random = new Random(seed);
            List<StemMessage> events = interleave(STORIES.get(random.nextInt(STORIES.size())), random);

            Map<StemColumn, Object> batched = new EnumMap<>(StemColumn.class);
            StemChange pending = null;
            for (int i = 0; i < events.size(); i++) {
                Optional<StemChange> change = StemChanges.of(events.get(i));
                if (change.isPresent()) {
                    pending = pending == null ? change.get() : pending.then(change.get());
                }
                if ((i == events.size() - 1 || random.nextInt(3) == 0) && pending != null) {
                    batched = pending.applyTo(batched);
                    pending = null;
                }
            }

            assertThat(batched).as("seed %d: %s", seed, events).isEqualTo(applyOneByOne(events));
        }
    }

    @Test
    void shouldFoldTwoWritesToOneColumnIntoOneWithTheSameEffect() {
        ColumnRule[] valueRules = {ColumnRule.OVERWRITE, ColumnRule.FILL, ColumnRule.PREFER};
        ColumnRule[] timeRules = {ColumnRule.EARLIEST, ColumnRule.LATEST};
        Instant[] values = {null, Instant.parse("2026-01-05T10:00:00Z"), Instant.parse("2026-01-05T10:00:05Z"),
                Instant.parse("2026-01-05T10:00:09Z")};
        List<ColumnWrite[]> pairs = new ArrayList<>();
        for (Object a : values) {
            for (Object b : values) {
                for (ColumnRule first : valueRules) {
                    for (ColumnRule second : valueRules) {
                        pairs.add(new ColumnWrite[]{new ColumnWrite(first, a), new ColumnWrite(second, b)});
                    }
                }
                for (ColumnRule rule : timeRules) {
                    pairs.add(new ColumnWrite[]{new ColumnWrite(rule, a), new ColumnWrite(rule, b)});
                    pairs.add(new ColumnWrite[]{new ColumnWrite(ColumnRule.OVERWRITE, a), new ColumnWrite(rule, b)});
                }
            }
        }

        for (ColumnWrite[] pair : pairs) {
            for (Object before : values) {
                assertThat(pair[0].then(pair[1]).applyTo(before)).as("%s then %s on %s", pair[0], pair[1], before)
                        .isEqualTo(pair[1].applyTo(pair[0].applyTo(before)));
            }
        }
    }

    private static List<StemMessage> interleave(StemStory story, Random random) {
        List<StemMessage> events = new ArrayList<>();
        int inbound = 0;
        int workflow = 0;
        while (inbound < story.inbound().size() || workflow < story.workflow().size()) {
            boolean takeInbound = workflow == story.workflow().size()
                    || (inbound < story.inbound().size() && random.nextBoolean());
            events.add(takeInbound ? story.inbound().get(inbound++) : story.workflow().get(workflow++));
        }
        return events;
    }

    private static List<StemMessage> workflowThenInbound(StemStory story) {
        List<StemMessage> events = new ArrayList<>(story.workflow());
        events.addAll(story.inbound());
        return events;
    }

    private static Map<StemColumn, Object> applyOneByOne(List<StemMessage> events) {
        Map<StemColumn, Object> row = new EnumMap<>(StemColumn.class);
        for (StemMessage event : events) {
            Optional<StemChange> change = StemChanges.of(event);
            if (change.isPresent()) {
                row = change.get().applyTo(row);
            }
        }
        return row;
    }
}
