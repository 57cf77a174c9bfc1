package io.waveflow.local;

/**
 * The servers a {@link LocalStack} runs in its own JVM. Each can be stopped and started again in
 * place (same port, same data) while the services keep running, which is how the chaos suite
 * takes the broker or SQS away; PostgreSQL can also be paused (SIGSTOP) and resumed.
 */
public enum Infrastructure {
    KAFKA,
    SQS,
    POSTGRES
}
