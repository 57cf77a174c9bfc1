package io.waveflow.projections.generation;

import io.waveflow.contracts.topic.Topics;
import io.waveflow.infra.SharedInfra;
import io.waveflow.projections.StemStory;
import io.waveflow.projections.TestDatabase;
import io.waveflow.projections.TopicRecords;
import io.waveflow.projections.store.BatchObserver;
import io.waveflow.projections.store.GenerationRetiredException;
import io.waveflow.projections.store.OffsetStore;
import io.waveflow.projections.store.StemProjector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The rebuild state machine in PostgreSQL, step by step, without consumers: offsets are written by the projector directly. */
class GenerationsIT {

    private TestDatabase db;
    private Generations generations;
    private StemProjector projector;
    private TopicRecords topics;

    @BeforeEach
    void database() {
        db = TestDatabase.create(SharedInfra.get().postgres(), "generations_it");
        generations = new Generations(db.jdbc(), db.transaction(), new OffsetStore(db.jdbc()), Duration.ofSeconds(2));
        projector = new StemProjector(db.jdbc(), db.transaction(), letters -> { }, BatchObserver.NONE);
        topics = TopicRecords.of(StemStory.mix("generations", 40, 1));
        projector.apply(1, topics.shuffled(1));
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void shouldBuildANewGenerationBesideTheLiveOneAndRefuseASecondRebuild() {
        Generation building = generations.startRebuild();

        assertThat(building.number()).isEqualTo(2);
        assertThat(building.state()).isEqualTo(GenerationState.BUILDING);
        assertThat(states()).containsExactly("1:live", "2:building");
        assertThat(db.jdbc().queryForObject("SELECT count(*) FROM stem_g2", Integer.class)).isZero();
        assertThatThrownBy(generations::startRebuild).isInstanceOf(RebuildInProgressException.class);
    }

    @Test
    void shouldWaitWhileTheNewGenerationIsFarBehindThenFreezeSwitchAndDrop() {
        generations.startRebuild();
        List<?> records = topics.shuffled(1);

        assertThat(generations.advance(10)).extracting(Step::kind).containsExactly(Step.Kind.CATCHING_UP);
        projector.apply(2, topics.shuffled(1).subList(0, records.size() - 5));
        assertThat(generations.advance(10)).extracting(Step::kind)
                .containsExactly(Step.Kind.FROZE, Step.Kind.DRAWING_LEVEL);
        assertThat(states()).containsExactly("1:retiring", "2:building");
        assertThatThrownBy(() -> projector.apply(1, topics.resent().shuffled(1)))
                .isInstanceOf(GenerationRetiredException.class);
        assertThat(db.jdbc().queryForObject("SELECT count(*) FROM stem", Integer.class)).isEqualTo(40);

        projector.apply(2, topics.shuffled(1));
        List<Step> steps = generations.advance(10);

        assertThat(steps).extracting(Step::kind).containsExactly(Step.Kind.SWITCHED, Step.Kind.DROPPED);
        assertThat(states()).containsExactly("2:live");
        assertThat(db.jdbc().queryForObject("SELECT count(*) FROM stem", Integer.class)).isEqualTo(40);
        assertThat(db.jdbc().queryForObject("SELECT to_regclass('stem_g1') IS NULL", Boolean.class)).isTrue();
        assertThat(db.jdbc().queryForObject("SELECT count(*) FROM projection_offset WHERE generation = 1", Integer.class))
                .isZero();
        assertThat(generations.advance(10)).isEmpty();
    }

    @Test
    void shouldAbortARebuildEvenAfterFreezingAndLetTheLiveGenerationTakeWritesAgain() {
        generations.startRebuild();
        generations.advance(1_000_000);
        assertThat(states()).containsExactly("1:retiring", "2:building");

        assertThat(generations.abortRebuild()).map(Generation::number).contains(2);
        assertThat(states()).containsExactly("1:live", "2:retired");
        assertThat(generations.advance(10)).extracting(Step::kind).containsExactly(Step.Kind.DROPPED);

        assertThat(states()).containsExactly("1:live");
        assertThat(db.jdbc().queryForObject("SELECT to_regclass('stem_g2') IS NULL", Boolean.class)).isTrue();
        assertThat(projector.apply(1, topics.resent().shuffled(1)).alreadyApplied()).isEqualTo(topics.shuffled(1).size());
        assertThat(generations.abortRebuild()).isEmpty();
    }

    @Test
    void shouldNotSwitchToAGenerationThatLacksAPartitionTheLiveOneHas() {
        generations.startRebuild();
        projector.apply(2, topics.shuffled(1).stream()
                .filter(record -> !(record.topic().equals(Topics.INBOUND.name()) && record.partition() == 0)).toList());

        assertThat(generations.advance(1_000_000)).extracting(Step::kind)
                .containsExactly(Step.Kind.FROZE, Step.Kind.DRAWING_LEVEL);
        assertThat(states()).containsExactly("1:retiring", "2:building");
    }

    private List<String> states() {
        return generations.list().stream().map(g -> g.number() + ":" + g.state().code()).toList();
    }
}
