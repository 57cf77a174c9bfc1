package io.waveflow.bench;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import io.waveflow.local.Infrastructure;
import io.waveflow.local.LocalStack;
import io.waveflow.local.Service;

/**
 * What the chaos suite does to a running {@link LocalStack} halfway through a round of stems. A
 * killed service is started again by the stack's own supervisor; the servers are stopped (or
 * paused) for the outage and started again in place, on the same port with the same data.
 */
enum Fault {

    KILL_BRIDGE("kill -9 bridge"),
    KILL_WORKFLOW_STREAMS("kill -9 workflow-streams"),
    KILL_PROJECTIONS("kill -9 projections"),
    RESTART_KAFKA("Kafka broker stopped and started again"),
    PAUSE_POSTGRES("PostgreSQL paused (SIGSTOP) for the outage, then SIGCONT"),
    STOP_SQS("SQS stopped for the outage, then started again");

    /** The CI run's faults: each service killed once. */
    static final List<Fault> KILLS = List.of(KILL_BRIDGE, KILL_WORKFLOW_STREAMS, KILL_PROJECTIONS);

    private final String description;

    Fault(String description) {
        this.description = description;
    }

    /** e.g. {@code kill-workflow-streams}, as on the command line. */
    String slug() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    String description(Duration outage) {
        return switch (this) {
            case PAUSE_POSTGRES, STOP_SQS -> description.replace("the outage", outage.toSeconds() + " s");
            default -> description;
        };
    }

    static Fault ofSlug(String slug) {
        return Arrays.stream(values()).filter(f -> f.slug().equals(slug.strip())).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown fault '" + slug + "'; one of "
                        + Arrays.stream(values()).map(Fault::slug).toList()));
    }

    /**
     * Does the damage and returns when it is over from the outside: at once for a kill (the stack
     * restarts the service itself), after the outage for a paused or stopped server.
     *
     * @return {@link System#nanoTime()} when the fault ended: recovery is counted from here
     */
    long inject(LocalStack stack, Duration outage) throws InterruptedException {
        switch (this) {
            case KILL_BRIDGE -> stack.kill(Service.BRIDGE);
            case KILL_WORKFLOW_STREAMS -> stack.kill(Service.WORKFLOW_STREAMS);
            case KILL_PROJECTIONS -> stack.kill(Service.PROJECTIONS);
            case RESTART_KAFKA -> {
                stack.stopInfrastructure(Infrastructure.KAFKA);
                stack.startInfrastructure(Infrastructure.KAFKA);
            }
            case PAUSE_POSTGRES -> {
                stack.pausePostgres();
                try {
                    Thread.sleep(outage.toMillis());
                } finally {
                    stack.resumePostgres();
                }
            }
            case STOP_SQS -> {
                stack.stopInfrastructure(Infrastructure.SQS);
                try {
                    Thread.sleep(outage.toMillis());
                } finally {
                    stack.startInfrastructure(Infrastructure.SQS);
                }
            }
        }
        return System.nanoTime();
    }
}
