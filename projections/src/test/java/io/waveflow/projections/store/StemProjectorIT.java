package io.waveflow.projections.store;

import io.waveflow.contracts.deadletter.DeadLetter;
import io.waveflow.contracts.deadletter.DeadLetters;
import io.waveflow.contracts.topic.Topics;
import io.waveflow.infra.SharedInfra;
import io.waveflow.projections.ReadModelSnapshot;
import io.waveflow.projections.StemStory;
import io.waveflow.projections.TestDatabase;
import io.waveflow.projections.TopicRecords;
import io.waveflow.projections.generation.Generations;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.waveflow.projections.InboundEvents.UPLOADED_AT;
import static io.waveflow.projections.WorkflowEvents.FINISHED_AT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

/** The projector's transaction against a real PostgreSQL: idempotence, offsets, convergence, fencing. */
class StemProjectorIT {

    private final List<TestDatabase> databases = new ArrayList<>();
    private final List<DeadLetter> parked = new CopyOnWriteArrayList<>();

    @AfterEach
    void closeDatabases() {
        databases.forEach(TestDatabase::close);
    }

    @Test
    void shouldLeaveIdenticalRowsWhenTheSameBatchIsAppliedTwice() {
        TestDatabase db = database();
        StemProjector projector = projector(db, BatchObserver.NONE);
        TopicRecords topics = TopicRecords.of(StemStory.mix("twice", 40, 1));
        List<ConsumedRecord> batch = topics.shuffled(7);

        BatchResult first = projector.apply(1, batch);
        ReadModelSnapshot once = db.snapshot();
        BatchResult second = projector.apply(1, batch);

        assertThat(first.applied()).hasSize(batch.size());
        assertThat(second.applied()).isEmpty();
        assertThat(second.skipped()).isEqualTo(batch.size());
        assertThat(db.snapshot()).isEqualTo(once);
        assertThat(once.history()).hasSize(batch.size());
    }

    @Test
    void shouldChangeNothingWhenAppliedEventsArriveAgainAtNewOffsets() {
        TestDatabase db = database();
        StemProjector projector = projector(db, BatchObserver.NONE);
        TopicRecords topics = TopicRecords.of(StemStory.mix("resent", 40, 2));
        projector.apply(1, topics.shuffled(3));
        ReadModelSnapshot once = db.snapshot();

        List<ConsumedRecord> resent = topics.resent().shuffled(4);
        BatchResult again = projector.apply(1, resent);

        assertThat(again.skipped()).isZero();
        assertThat(again.alreadyApplied()).isEqualTo(resent.size());
        assertThat(db.snapshot()).isEqualTo(once);
        assertThat(offsets(db)).containsAllEntriesOf(again.nextOffsets());
    }

    @Test
    void shouldConvergeToTheSameRowsWhateverTheInterleavingOfTheTwoTopicsAndTheBatchSizes() {
        TopicRecords topics = TopicRecords.of(StemStory.mix("order", 60, 3));

        ReadModelSnapshot workflowFirst = applyInBatches(topics.workflowThenInbound(), 7);
        ReadModelSnapshot inboundFirst = applyInBatches(topics.inboundThenWorkflow(), 50);
        ReadModelSnapshot shuffled = applyInBatches(topics.shuffled(11), 13);
        ReadModelSnapshot oneBatch = applyInBatches(topics.shuffled(12), 10_000);

        assertThat(inboundFirst).isEqualTo(workflowFirst);
        assertThat(shuffled).isEqualTo(workflowFirst);
        assertThat(oneBatch).isEqualTo(workflowFirst);
    }

    @Test
    void shouldNotRegressAStemWhenItsInboundEventsArriveAfterTheWorkflowEventsTheyCaused() {
        TestDatabase db = database();
        StemProjector projector = projector(db, BatchObserver.NONE);
        StemStory story = StemStory.completedThenDeleted("late-inbound", "h1");
        TopicRecords topics = TopicRecords.of(List.of(story));

        projector.apply(1, topics.workflow());
        projector.apply(1, topics.inbound());

        Map<String, Object> row = db.snapshot().stem("late-inbound");
        assertThat(row).contains(entry("status", "deleted"), entry("stage", "done"), entry("audio_hash", "h1"),
                entry("filepath", "uploads/late-inbound.wav"), entry("user_id", "user-7"),
                entry("created_at", Timestamp.from(UPLOADED_AT)),
                entry("updated_at", Timestamp.from(FINISHED_AT.plusSeconds(61))));
        assertThat(db.jdbc().queryForList("SELECT event_type FROM stem_history WHERE stem_id = ?"
                + " ORDER BY event_time, source = 'workflow', source_partition, source_offset", String.class,
                "late-inbound"))
                .startsWith("io.waveflow.inbound.UploadCompleted.v1", "io.waveflow.workflow.StemRegistered.v1")
                .hasSize(story.size());
    }

    @Test
    void shouldShowAStemAsProcessingFromItsUploadUntilTheWorkflowDecides() {
        TestDatabase db = database();
        StemProjector projector = projector(db, BatchObserver.NONE);

        projector.apply(1, TopicRecords.of(List.of(StemStory.justUploaded("uploaded-only"))).inbound());

        assertThat(db.snapshot().stem("uploaded-only")).contains(entry("status", "processing"),
                entry("original_filename", "bass.wav"), entry("stage", null), entry("created_at", Timestamp.from(UPLOADED_AT)));
    }

    @Test
    void shouldStoreTheNextOffsetOfEveryPartitionInTheSameTransactionAsTheRows() {
        TestDatabase db = database();
        TopicRecords topics = TopicRecords.of(StemStory.mix("offsets", 20, 5));
        List<ConsumedRecord> batch = topics.shuffled(5);
        RuntimeException crash = new IllegalStateException("crash before commit");

        assertThatThrownBy(() -> projector(db, failingBeforeCommit(crash)).apply(1, batch)).isSameAs(crash);
        assertThat(db.snapshot().stems()).isEmpty();
        assertThat(db.snapshot().history()).isEmpty();
        assertThat(offsets(db)).isEmpty();

        projector(db, BatchObserver.NONE).apply(1, batch);

        Map<TopicPartition, Long> lastPlusOne = new HashMap<>();
        batch.forEach(record -> lastPlusOne.merge(record.topicPartition(), record.offset() + 1, Math::max));
        assertThat(offsets(db)).isEqualTo(lastPlusOne).hasSize(2 * TopicRecords.PARTITIONS);
        assertThat(db.snapshot().history()).hasSize(batch.size());
    }

    @Test
    void shouldApplyOnlyTheRecordsAboveTheStoredOffsetWhenABatchOverlapsAnEarlierOne() {
        TestDatabase db = database();
        StemProjector projector = projector(db, BatchObserver.NONE);
        List<ConsumedRecord> all = TopicRecords.of(StemStory.mix("overlap", 30, 6)).shuffled(6);
        projector.apply(1, all.subList(0, 60));

        BatchResult overlapping = projector.apply(1, all.subList(30, all.size()));

        assertThat(overlapping.skipped()).isEqualTo(30);
        assertThat(overlapping.applied()).hasSize(all.size() - 60);
        assertThat(db.snapshot()).isEqualTo(applyInBatches(all, all.size()));
    }

    @Test
    void shouldRefuseToWriteToAGenerationThatIsNoLongerLive() {
        TestDatabase db = database();
        StemProjector projector = projector(db, BatchObserver.NONE);
        db.jdbc().update("UPDATE read_model_generation SET state = 'retiring' WHERE generation = 1");

        assertThatThrownBy(() -> projector.apply(1, TopicRecords.of(StemStory.mix("fenced", 3, 7)).shuffled(1)))
                .isInstanceOf(GenerationRetiredException.class).hasMessageContaining("retiring");
        assertThatThrownBy(() -> projector.apply(9, TopicRecords.of(StemStory.mix("fenced", 3, 7)).shuffled(1)))
                .isInstanceOf(GenerationRetiredException.class).hasMessageContaining("gone");
        assertThat(db.snapshot().history()).isEmpty();
    }

    @Test
    void shouldParkAnUnreadableRecordOnceEvenWhenAnotherGenerationReadsItAgain() {
        TestDatabase db = database();
        StemProjector projector = projector(db, BatchObserver.NONE);
        DeadLetter letter = DeadLetters.of(Topics.WORKFLOW.name(), 2, 40, "s".getBytes(StandardCharsets.UTF_8),
                "{not json".getBytes(StandardCharsets.UTF_8), "not JSON", "projections", Instant.now());
        projector.apply(1, List.of(ConsumedRecord.unreadable(letter)));
        int rebuilt = new Generations(db.jdbc(), db.transaction(), new OffsetStore(db.jdbc()), Duration.ofSeconds(2))
                .startRebuild().number();

        BatchResult again = projector.apply(rebuilt, List.of(ConsumedRecord.unreadable(letter)));

        assertThat(parked).containsExactly(letter);
        assertThat(again.deadLettered()).isZero();
        assertThat(new OffsetStore(db.jdbc()).all(rebuilt))
                .containsEntry(new TopicPartition(Topics.WORKFLOW.name(), 2), 41L);
    }

    private ReadModelSnapshot applyInBatches(List<ConsumedRecord> records, int size) {
        TestDatabase db = database();
        StemProjector projector = projector(db, BatchObserver.NONE);
        TopicRecords.batches(records, size).forEach(batch -> projector.apply(1, batch));
        return db.snapshot();
    }

    private TestDatabase database() {
        TestDatabase db = TestDatabase.create(SharedInfra.get().postgres(), "projector_it");
        databases.add(db);
        return db;
    }

    private StemProjector projector(TestDatabase db, BatchObserver observer) {
        return new StemProjector(db.jdbc(), db.transaction(), parked::addAll, observer);
    }

    private static BatchObserver failingBeforeCommit(RuntimeException failure) {
        return new BatchObserver() {
            @Override
            public void beforeCommit(BatchResult result) {
                throw failure;
            }
        };
    }

    private static Map<TopicPartition, Long> offsets(TestDatabase db) {
        return new OffsetStore(db.jdbc()).all(1);
    }
}
