package io.waveflow.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import io.waveflow.bench.ChaosVerifier.Final;
import io.waveflow.bench.ChaosVerifier.Verdict;
import org.junit.jupiter.api.Test;

class ChaosVerifierTest {

    private static final long SECOND = 1_000_000_000L;
    private static final long FAULT_END = 100 * SECOND;

    @Test
    void shouldHoldWhenEveryStemIsFinalOnceAnalysedAndRecoveredInTime() {
        Verdict verdict = ChaosVerifier.verdict(Fault.KILL_BRIDGE, "kill", 2, List.of("a", "b"),
                Map.of("a", new Final("completed", FAULT_END - SECOND), "b", new Final("duplicate", FAULT_END + 12 * SECOND)),
                List.of(seen(WorkerSimulator.GENERATE_HASH, "hash-a-1", "a"), seen(WorkerSimulator.PROCESS_AUDIO_ANALYSIS, "analysis-a-1", "a"),
                        seen(WorkerSimulator.GENERATE_HASH, "hash-b-1", "b"), seen(WorkerSimulator.PROCESS_DUPLICATE_FILE, "duplicate-b-1", "b")),
                FAULT_END, "bridge 1");

        assertThat(verdict.holds()).isTrue();
        assertThat(verdict.lost()).isZero();
        assertThat(verdict.recoverySeconds()).isEqualTo(12.0);
        assertThat(verdict.line()).contains("sent 2, final 2, lost 0, failed 0, analysed twice 0, duplicate task ids 0,"
                + " recovery 12.0 s").endsWith("holds");
    }

    @Test
    void shouldFailOnALostStemWithoutARecoveryTime() {
        Verdict verdict = ChaosVerifier.verdict(Fault.KILL_WORKFLOW_STREAMS, "kill", 2, List.of("a", "b"),
                Map.of("a", new Final("completed", FAULT_END)), List.of(), FAULT_END, "workflow-streams 1");

        assertThat(verdict.lost()).isEqualTo(1);
        assertThat(verdict.recoverySeconds()).isNaN();
        assertThat(verdict.holds()).isFalse();
        assertThat(verdict.line()).contains("recovery never").endsWith("FAILS");
    }

    @Test
    void shouldFailOnAStemCommandedToAnalysisTwice() {
        Verdict verdict = ChaosVerifier.verdict(Fault.KILL_WORKFLOW_STREAMS, "ws", 1, List.of("a"),
                Map.of("a", new Final("completed", FAULT_END)),
                List.of(seen(WorkerSimulator.PROCESS_AUDIO_ANALYSIS, "analysis-a-1", "a"),
                        seen(WorkerSimulator.PROCESS_AUDIO_ANALYSIS, "analysis-a-2", "a")),
                FAULT_END, "none");

        assertThat(verdict.analysedTwice()).isEqualTo(1);
        assertThat(verdict.duplicateTaskIds()).isZero();
        assertThat(verdict.holds()).isFalse();
    }

    @Test
    void shouldCountTheSameTaskDeliveredAgainApartFromAnalysingTwice() {
        Verdict verdict = ChaosVerifier.verdict(Fault.STOP_SQS, "sqs", 1, List.of("a"),
                Map.of("a", new Final("completed", FAULT_END)),
                List.of(seen(WorkerSimulator.PROCESS_AUDIO_ANALYSIS, "analysis-a-1", "a"),
                        seen(WorkerSimulator.PROCESS_AUDIO_ANALYSIS, "analysis-a-1", "a")),
                FAULT_END, "none");

        assertThat(verdict.analysedTwice()).isZero();
        assertThat(verdict.duplicateTaskIds()).isEqualTo(1);
        assertThat(verdict.holds()).isTrue();
    }

    @Test
    void shouldFailOnAnErrorASlowRecoveryOrAnUploadNeverAccepted() {
        Map<String, Final> finals = Map.of("a", new Final("error", FAULT_END));
        assertThat(ChaosVerifier.verdict(Fault.PAUSE_POSTGRES, "pg", 1, List.of("a"), finals, List.of(), FAULT_END, "none")
                .holds()).isFalse();

        Map<String, Final> late = Map.of("a", new Final("completed", FAULT_END + 61 * SECOND));
        assertThat(ChaosVerifier.verdict(Fault.RESTART_KAFKA, "kafka", 1, List.of("a"), late, List.of(), FAULT_END, "none")
                .holds()).isFalse();

        Map<String, Final> fine = Map.of("a", new Final("completed", FAULT_END));
        assertThat(ChaosVerifier.verdict(Fault.KILL_BRIDGE, "kill", 2, List.of("a"), fine, List.of(), FAULT_END, "none")
                .holds()).isFalse();
    }

    private static WorkerSimulator.Seen seen(String task, String taskId, String stemId) {
        return new WorkerSimulator.Seen(task, taskId, stemId, 0);
    }
}
