package io.waveflow.infra;

import java.time.Duration;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers JVM shutdown hooks that stop servers only after Spring's own shutdown hooks finished,
 * so listener containers and CDC engines stop while their broker, queue and database still answer.
 */
final class ShutdownHooks {

    private static final Logger log = LoggerFactory.getLogger(ShutdownHooks.class);

    /** Thread names Spring gives its context-closing hooks; matched by name to keep Spring out of this module. */
    private static final Set<String> SPRING_HOOK_THREADS =
            Set.of("SpringContextShutdownHook", "SpringApplicationShutdownHook");

    private static final Duration SPRING_GRACE = Duration.ofSeconds(30);

    private ShutdownHooks() {
    }

    static Thread register(String name, Runnable action) {
        Thread hook = new Thread(() -> {
            awaitSpringHooks();
            action.run();
        }, name);
        Runtime.getRuntime().addShutdownHook(hook);
        return hook;
    }

    static void unregister(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // The hook is running or about to; nothing to undo.
        }
    }

    private static void awaitSpringHooks() {
        long deadline = System.nanoTime() + SPRING_GRACE.toNanos();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (!SPRING_HOOK_THREADS.contains(thread.getName())) {
                continue;
            }
            long remainingMillis = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
            try {
                thread.join(remainingMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (thread.isAlive()) {
                log.warn("Spring shutdown hook still running after {}; stopping servers anyway", SPRING_GRACE);
            }
        }
    }
}
