package io.waveflow.bench;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Judges one chaos round from what the outside saw: the uploads the bridge accepted, the stems
 * whose read-model row became final, and every Celery task the simulated workers received. A
 * round holds when every offered stem was accepted and is final without an error, no stem was
 * sent to analysis twice (under two task ids: commanded twice), and the last stem was final within
 * {@link #MAX_RECOVERY_SECONDS} of the fault's end. The same task delivered again is counted
 * apart, as duplicate task ids: SQS standard queues deliver at least once (a batch resent after
 * an outage, a delete that did not reach the server), and a Celery worker sees the same task id
 * twice; it does not fail the round. Pure: the suite and its tests feed it.
 */
final class ChaosVerifier {

    static final double MAX_RECOVERY_SECONDS = 60;
    static final String ALL_SETTLED = "ALL-STEMS-SETTLED";

    /** A stem's final row: its status and when the poller first saw it final ({@link System#nanoTime()}). */
    record Final(String status, long nanos) {
    }

    /**
     * @param offered          stems the round tried to upload
     * @param accepted         of those, uploads the bridge answered 2xx (retried through the outage)
     * @param finals           accepted stems whose row is final (stage done, or status error)
     * @param failed           final with status {@code error}: the worker never fails, so a fault did
     * @param analysedTwice    stems sent to analysis under more than one task id (commanded twice)
     * @param duplicateTaskIds Celery task ids delivered more than once (SQS is at least once)
     * @param recoverySeconds  fault end → last accepted stem final; NaN when some never became final
     */
    record Verdict(Fault fault, String description, int offered, int accepted, int finals, int failed,
                   int analysedTwice, int duplicateTaskIds, double recoverySeconds, String restarts) {

        int lost() {
            return accepted - finals;
        }

        boolean holds() {
            return accepted == offered && lost() == 0 && failed == 0 && analysedTwice == 0
                    && recoverySeconds <= MAX_RECOVERY_SECONDS;
        }

        String line() {
            return String.format(Locale.ROOT, "fault %-22s sent %d, final %d, lost %d, failed %d, analysed twice %d,"
                            + " duplicate task ids %d, recovery %s, not accepted %d, restarts %s: %s",
                    fault.slug(), accepted, finals, lost(), failed, analysedTwice, duplicateTaskIds,
                    Double.isNaN(recoverySeconds) ? "never (not all final)" : String.format(Locale.ROOT, "%.1f s", recoverySeconds),
                    offered - accepted, restarts, holds() ? "holds" : "FAILS");
        }
    }

    private ChaosVerifier() {
    }

    static Verdict verdict(Fault fault, String description, int offered, Collection<String> accepted,
                           Map<String, Final> finals, Collection<WorkerSimulator.Seen> seen, long faultEndNanos,
                           String restarts) {
        int finalCount = 0;
        int failed = 0;
        long lastFinal = faultEndNanos;
        for (String stemId : accepted) {
            Final row = finals.get(stemId);
            if (row != null) {
                finalCount++;
                lastFinal = Math.max(lastFinal, row.nanos());
                if (row.status().equals("error")) {
                    failed++;
                }
            }
        }
        Map<String, Set<String>> analysisTasksPerStem = new HashMap<>();
        Map<String, Integer> deliveriesPerTask = new HashMap<>();
        for (WorkerSimulator.Seen task : seen) {
            deliveriesPerTask.merge(task.taskId(), 1, Integer::sum);
            if (task.task().equals(WorkerSimulator.PROCESS_AUDIO_ANALYSIS)) {
                analysisTasksPerStem.computeIfAbsent(task.stemId(), stem -> new HashSet<>()).add(task.taskId());
            }
        }
        int analysedTwice = (int) analysisTasksPerStem.values().stream().filter(ids -> ids.size() > 1).count();
        int duplicateTaskIds = (int) deliveriesPerTask.values().stream().filter(n -> n > 1).count();
        double recovery = finalCount == accepted.size() ? (lastFinal - faultEndNanos) / 1e9 : Double.NaN;
        return new Verdict(fault, description, offered, accepted.size(), finalCount, failed, analysedTwice,
                duplicateTaskIds, recovery, restarts);
    }
}
