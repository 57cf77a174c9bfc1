package io.waveflow.workflow.topology;

import io.waveflow.contracts.command.StageCommand;
import io.waveflow.contracts.inbound.CancelRequested;
import io.waveflow.contracts.inbound.CompletionResult;
import io.waveflow.contracts.inbound.HashReported;
import io.waveflow.contracts.inbound.InboundEvent;
import io.waveflow.contracts.inbound.ProcessingCompleted;
import io.waveflow.contracts.inbound.RetryRequested;
import io.waveflow.contracts.inbound.StemDeleted;
import io.waveflow.contracts.inbound.UploadCompleted;
import io.waveflow.contracts.topic.Topics;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random interleavings of uploads, hash reports (shared and distinct hashes), completions,
 * failures, deletions, operators' retries and cancels, redeliveries and clock jumps; the workflow invariants are checked after
 * every step, against the real topology under exactly_once_v2. Scenarios come from fixed seeds,
 * so a failure is reproducible from the seed it names.
 */
class WorkflowInvariantsPropertyTest {

    private static final Instant START = Instant.parse("2026-11-26T00:00:00Z");
    private static final int STEMS = 6;
    private static final int HASHES = 2;
    /** Change to explore other scenarios; a failure names the seed that reproduces it. */
    private static final long BASE_SEED = 20261126L;

    /** One step of a scenario; {@code stem} and {@code hash} index small pools so they collide. */
    record Step(Kind kind, int stem, int hash, int minutes) {
    }

    enum Kind {
        UPLOAD, HASH, SUCCEED, FAIL_RETRYABLE, FAIL_FINAL, SETTLE_DUPLICATE, DELETE, RETRY, CANCEL, REDELIVER, CLOCK
    }

    /** A random scenario of 5 to 50 steps, reproducible from its seed. */
    static List<Step> scenario(long seed) {
        Random random = new Random(seed);
        List<Step> steps = new ArrayList<>();
        int length = 5 + random.nextInt(46);
        for (int i = 0; i < length; i++) {
            steps.add(new Step(Kind.values()[random.nextInt(Kind.values().length)], random.nextInt(STEMS),
                    random.nextInt(HASHES), 1 + random.nextInt(40)));
        }
        return steps;
    }

    static LongStream seeds() {
        return LongStream.range(0, 60).map(i -> BASE_SEED + i);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void shouldKeepEveryInvariantAfterEveryStep(long seed) {
        List<Step> scenario = scenario(seed);
        try (TopologyTestDriver driver = TopologyDrivers.start("workflow-properties-", StreamsConfig.EXACTLY_ONCE_V2,
                START)) {
            new Scenario(driver).run(scenario);
        } catch (AssertionError e) {
            throw new AssertionError("seed " + seed + ", scenario " + scenario + ": " + e.getMessage(), e);
        }
    }

    private static final class Scenario {
        private final TopologyTestDriver driver;
        private final TestInputTopic<String, InboundEvent> inbound;
        private final TestOutputTopic<String, StageCommand> commands;
        private final KeyValueStore<String, StemState> states;
        private final KeyValueStore<String, HashClaim> claims;
        private final List<InboundEvent> sent = new ArrayList<>();
        private final Set<String> commandIds = new HashSet<>();
        private final Set<String> cancelled = new HashSet<>();
        private Instant now = START;
        private int sequence;

        Scenario(TopologyTestDriver driver) {
            this.driver = driver;
            this.inbound = TopologyDrivers.input(driver, Topics.INBOUND);
            this.commands = TopologyDrivers.output(driver, Topics.COMMANDS);
            this.states = driver.getKeyValueStore(InternalTopics.STEM_STATE_STORE);
            this.claims = driver.getKeyValueStore(InternalTopics.HASH_CLAIMS_STORE);
        }

        void run(List<Step> steps) {
            for (Step step : steps) {
                apply(step);
                checkInvariants(step);
            }
        }

        private void apply(Step step) {
            String stemId = "s" + step.stem();
            String id = "e" + (sequence++);
            switch (step.kind()) {
                case UPLOAD -> send(new UploadCompleted(id, now, stemId, "u1", "t1", "f/" + stemId, stemId, "ts"));
                case HASH -> send(new HashReported(id, now, stemId, "u1", "t1", "f/" + stemId, "h" + step.hash(),
                        "ts", stemId, "SUCCESS"));
                case SUCCEED -> send(new ProcessingCompleted(id, now, stemId, null, "SUCCESS", "ts",
                        CompletionResult.success(null, "w/" + stemId, 1L, 1.0, 44100, 1024)));
                case FAIL_RETRYABLE -> send(new ProcessingCompleted(id, now, stemId, null, "FAILURE", "ts",
                        CompletionResult.failure("try again", "RETRYABLE")));
                case FAIL_FINAL -> send(new ProcessingCompleted(id, now, stemId, null, "FAILURE", "ts",
                        CompletionResult.failure("broken", "BROKEN")));
                case SETTLE_DUPLICATE -> send(new ProcessingCompleted(id, now, stemId,
                        "app.tasks.process_duplicate_file", "SUCCESS", "ts", null));
                case DELETE -> send(new StemDeleted(id, now, stemId, "u1", "t1"));
                case RETRY -> send(new RetryRequested(id, now, stemId, "ops", "property test"));
                case CANCEL -> send(new CancelRequested(id, now, stemId, "ops", null));
                case REDELIVER -> {
                    if (!sent.isEmpty()) {
                        InboundEvent again = sent.get(step.minutes() % sent.size());
                        inbound.pipeInput(again.stemId(), again);
                    }
                }
                case CLOCK -> {
                    Duration jump = Duration.ofMinutes(step.minutes());
                    now = now.plus(jump);
                    driver.advanceWallClockTime(jump);
                }
            }
        }

        private void send(InboundEvent event) {
            sent.add(event);
            inbound.pipeInput(event.stemId(), event);
        }

        private void checkInvariants(Step step) {
            for (StageCommand command : commands.readValuesToList()) {
                assertThat(commandIds.add(command.id()))
                        .as("task %s commanded twice (after %s)", command.id(), step).isTrue();
                assertThat(cancelled).as("cancelled stem %s commanded (after %s)", command.stemId(), step)
                        .doesNotContain(command.stemId());
            }
            Map<String, StemState> stems = all(states);
            stems.values().stream().filter(stem -> stem.phase() == Phase.CANCELLED)
                    .forEach(stem -> cancelled.add(stem.stemId()));
            cancelled.forEach(stemId -> assertThat(stems.get(stemId).phase())
                    .as("cancelled %s left its end (after %s)", stemId, step).isIn(Phase.CANCELLED, Phase.DELETED));
            Map<String, HashClaim> owners = all(claims);

            Map<String, String> holderByKey = new HashMap<>();
            for (StemState stem : stems.values()) {
                boolean awaiting = stem.phase().awaitedStage() != null;
                assertThat(stem.phase().isFinal() || (awaiting && stem.deadlineMs() > now.toEpochMilli()))
                        .as("%s is neither settled nor within a deadline (after %s)", stem, step).isTrue();
                if (stem.phase() == Phase.ANALYSING || stem.phase() == Phase.COMPLETED) {
                    assertThat(holderByKey.put(stem.claimKey(), stem.stemId()))
                            .as("two owners of %s (after %s)", stem.claimKey(), step).isNull();
                    assertThat(owners.get(stem.claimKey())).as("claim of %s", stem).isNotNull()
                            .extracting(HashClaim::ownerStemId).isEqualTo(stem.stemId());
                }
            }
            owners.forEach((claimKey, claim) -> {
                StemState owner = stems.get(claim.ownerStemId());
                assertThat(owner).as("claim %s held by an unknown stem", claimKey).isNotNull();
                assertThat(owner.phase()).as("claim %s still held by %s (after %s)", claimKey, owner, step)
                        .isIn(Phase.ANALYSING, Phase.COMPLETED);
            });
        }

        private static <V> Map<String, V> all(KeyValueStore<String, V> store) {
            Map<String, V> entries = new HashMap<>();
            try (KeyValueIterator<String, V> iterator = store.all()) {
                while (iterator.hasNext()) {
                    KeyValue<String, V> entry = iterator.next();
                    entries.put(entry.key, entry.value);
                }
            }
            return entries;
        }
    }
}
