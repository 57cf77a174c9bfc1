package io.waveflow.bridge.outbox;

import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The standby, takeover and restart decisions of {@link CaptureSupervisor}, driven step by step
 * on the test thread: the slot's holder and each engine's outcome are scripted, and pauses are
 * recorded instead of waited, so the test asserts the pause sequence itself.
 */
class CaptureSupervisorTest {

    private static final Duration POLL = Duration.ofSeconds(5);
    private static final Duration MAX = Duration.ofSeconds(60);
    private static final int FREE = 0;
    private static final int OTHER_BRIDGE = 4242;

    private final Deque<Object> slotReads = new ArrayDeque<>();
    private final Deque<Run> runs = new ArrayDeque<>();
    private final Deque<RuntimeException> creationErrors = new ArrayDeque<>();
    private final List<Duration> pauses = new ArrayList<>();
    private final List<OutboxRole> rolesWhilePausing = new ArrayList<>();
    private final List<OutboxRole> rolesWhileRunning = new ArrayList<>();
    private final MutableClock clock = new MutableClock();
    private CaptureSupervisor supervisor;

    /** An engine run: how long it lasts on the test clock and the error it stops with. */
    private record Run(Duration lasts, Throwable error) {
    }

    @Test
    void shouldStandByWhileAnotherBridgeHoldsTheSlotAndTakeOverOnceItIsFree() {
        // given
        slotHeldBy(OTHER_BRIDGE, OTHER_BRIDGE, OTHER_BRIDGE, FREE);
        runs.add(new Run(Duration.ofMinutes(10), null));

        // when
        runUntilScriptEnds();

        // then: three quiet polls at the poll interval, then one engine, active while it ran
        assertThat(pauses.subList(0, 3)).containsOnly(POLL);
        assertThat(rolesWhilePausing.subList(0, 3)).containsOnly(OutboxRole.STANDBY);
        assertThat(supervisor.starts()).isEqualTo(1);
        assertThat(rolesWhileRunning).containsExactly(OutboxRole.ACTIVE);
    }

    @Test
    void shouldGoBackToStandingByWithoutBackoffWhenAnotherBridgeTookTheFreeSlotFirst() {
        // given: the slot looked free, but PostgreSQL refused the stream (SQLSTATE 55006)
        slotHeldBy(FREE, OTHER_BRIDGE);
        runs.add(new Run(Duration.ofSeconds(2), slotInUse()));

        // when
        runUntilScriptEnds();

        // then
        assertThat(pauses).containsExactly(POLL, POLL);
        assertThat(rolesWhilePausing).containsOnly(OutboxRole.STANDBY);
    }

    @Test
    void shouldDoubleThePauseAfterEachErrorInARowUpToTheMaximum() {
        // given: an engine that fails at once, seven times
        slotHeldBy(FREE, FREE, FREE, FREE, FREE, FREE, FREE);
        for (int i = 0; i < 7; i++) {
            runs.add(new Run(Duration.ofSeconds(1), new IllegalStateException("publication is missing")));
        }

        // when
        runUntilScriptEnds();

        // then
        assertThat(pauses).containsExactly(Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(20),
                Duration.ofSeconds(40), MAX, MAX, MAX);
        assertThat(rolesWhilePausing).containsOnly(OutboxRole.RECOVERING);
        assertThat(supervisor.starts()).isEqualTo(7);
    }

    @Test
    void shouldStartThePauseAgainAfterARunAsLongAsTheMaximum() {
        // given
        slotHeldBy(FREE, FREE, FREE);
        runs.add(new Run(Duration.ofSeconds(1), new IllegalStateException("first")));
        runs.add(new Run(Duration.ofSeconds(1), new IllegalStateException("second")));
        runs.add(new Run(MAX, new IllegalStateException("after a long healthy run")));

        // when
        runUntilScriptEnds();

        // then
        assertThat(pauses).containsExactly(Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(5));
    }

    @Test
    void shouldRecoverWithBackoffWhileTheSlotCannotBeReadAndStandByOnceItCan() {
        // given
        slotReads.add(new SQLException("Connection refused", "08001"));
        slotReads.add(new SQLException("Connection refused", "08001"));
        slotHeldBy(OTHER_BRIDGE);

        // when
        runUntilScriptEnds();

        // then
        assertThat(pauses).containsExactly(Duration.ofSeconds(5), Duration.ofSeconds(10), POLL);
        assertThat(rolesWhilePausing).containsExactly(OutboxRole.RECOVERING, OutboxRole.RECOVERING, OutboxRole.STANDBY);
        assertThat(supervisor.starts()).isZero();
    }

    @Test
    void shouldRecoverWithBackoffWhenAnEngineCannotBeCreated() {
        // given
        slotHeldBy(FREE, FREE);
        creationErrors.add(new IllegalArgumentException("invalid connector configuration"));
        runs.add(new Run(Duration.ofSeconds(1), new IllegalStateException("then a failing run")));

        // when
        runUntilScriptEnds();

        // then
        assertThat(pauses).containsExactly(Duration.ofSeconds(5), Duration.ofSeconds(10));
        assertThat(rolesWhilePausing).containsOnly(OutboxRole.RECOVERING);
        assertThat(supervisor.starts()).isEqualTo(1);
    }

    @Test
    void shouldStopWithoutStartingAnEngineWhenStoppedWhileStandingBy() {
        // given
        slotHeldBy(OTHER_BRIDGE, FREE);
        supervisor = supervisor(duration -> supervisor.stop());

        // when
        supervisor.run();

        // then
        assertThat(supervisor.starts()).isZero();
        assertThat(slotReads).hasSize(1);
    }

    @Test
    void shouldFindTheSlotInUseErrorAnywhereInTheCauseChain() {
        assertThat(CaptureSupervisor.slotInUse(new RuntimeException("engine stopped",
                new IllegalStateException("Failed to start replication stream", slotInUse())))).isTrue();
        assertThat(CaptureSupervisor.slotInUse(new SQLException("password authentication failed", "28P01"))).isFalse();
        assertThat(CaptureSupervisor.slotInUse(null)).isFalse();
    }

    private static SQLException slotInUse() {
        return new SQLException("ERROR: replication slot \"waveflow_outbox\" is active for PID 4242", "55006");
    }

    private void slotHeldBy(int... holders) {
        for (int holder : holders) {
            slotReads.add(holder);
        }
    }

    /** Runs the loop on this thread; the first pause after the last scripted slot read stops it. */
    private void runUntilScriptEnds() {
        supervisor = supervisor(duration -> {
            pauses.add(duration);
            rolesWhilePausing.add(supervisor.role());
            if (slotReads.isEmpty()) {
                supervisor.stop();
            }
        });
        supervisor.run();
        assertThat(slotReads).as("every scripted slot read was used").isEmpty();
    }

    private CaptureSupervisor supervisor(CaptureSupervisor.Pause pause) {
        CaptureSupervisor.SlotHolder slot = () -> {
            Object next = slotReads.poll();
            if (next instanceof SQLException e) {
                throw e;
            }
            return next == null ? FREE : (Integer) next;
        };
        return new CaptureSupervisor("waveflow_outbox", slot, () -> {
            RuntimeException creationError = creationErrors.poll();
            if (creationError != null) {
                throw creationError;
            }
            return capture();
        }, POLL, MAX, clock, pause);
    }

    private CaptureSupervisor.Capture capture() {
        return new CaptureSupervisor.Capture() {
            @Override
            public Throwable run() {
                rolesWhileRunning.add(supervisor.role());
                Run run = runs.poll();
                if (run == null) {
                    supervisor.stop();
                    return null;
                }
                clock.advance(run.lasts());
                return run.error();
            }

            @Override
            public void close() {
            }
        };
    }

    private static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-12-07T00:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
