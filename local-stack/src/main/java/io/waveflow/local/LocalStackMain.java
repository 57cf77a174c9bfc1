package io.waveflow.local;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * {@code java -jar local-stack/target/waveflow-local.jar}: starts a {@link LocalStack} with the
 * documented ports, prints where everything is, and stops it on Ctrl-C.
 */
public final class LocalStackMain {

    static final String USAGE = """
            Usage: java -jar local-stack/target/waveflow-local.jar [--fresh] [--data-dir PATH]
                                                                 [--startup-timeout SECONDS] [--help]

            Runs the Waveflow pipeline on 127.0.0.1: Kafka (9092), SQS/ElasticMQ (9324) and
            PostgreSQL (15432) in this JVM, and bridge (8080), workflow-streams (8081) and
            projections (8082) from their exec jars (build them with: mvn -q -DskipTests package).

              --fresh           delete the data directory first (Kafka topics, SQS messages, read model, Streams state)
              --data-dir PATH   where data and logs live (default: .waveflow-data in the current directory)
              --startup-timeout SECONDS
                                how long each service may take to report UP (default 120)
              --help            show this text

            The repository root is the current directory, or WAVEFLOW_HOME when set.
            AWS_REGION (default ap-northeast-2) and WAVEFLOW_* settings in the environment reach the services.
            A service that exits is started again (after 1 s, doubling to 30 s while it keeps failing).
            Stop with Ctrl-C.""";

    static final String DEFAULT_DATA_DIR = ".waveflow-data";

    private LocalStackMain() {
    }

    public static void main(String[] args) {
        Path workingDir = Path.of("").toAbsolutePath();
        Options options;
        try {
            options = Options.parse(args, workingDir);
        } catch (IllegalArgumentException e) {
            System.err.println("waveflow-local: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        if (options.help()) {
            System.out.println(USAGE);
            return;
        }
        Path repoRoot = repoRoot(System.getenv(), workingDir);
        LocalStackSettings defaults = LocalStackSettings.defaults(options.dataDir(), repoRoot);
        LocalStack stack = new LocalStack(new LocalStackSettings(defaults.kafkaPort(), defaults.sqsPort(),
                defaults.postgresPort(), defaults.bridgePort(), defaults.workflowStreamsPort(),
                defaults.projectionsPort(), defaults.dataDir(), defaults.repoRoot(), options.startupTimeout()));
        // Any exit stops the stack: services first, then the servers they use.
        Runtime.getRuntime().addShutdownHook(new Thread(stack::stop, "waveflow-local-stop"));
        stopBeforeShutdownOnSignals(stack);
        try {
            if (options.fresh()) {
                DataDir.wipe(options.dataDir());
            }
            stack.start();
        } catch (RuntimeException e) {
            System.err.println();
            System.err.println("waveflow-local could not start: " + e.getMessage());
            System.exit(1);
            return;
        }
        System.out.println(stack.summary());
        // A service that exits is restarted by the stack itself; only a signal (above) ends it.
        stack.awaitStop();
    }

    /**
     * Ctrl-C and {@code kill} stop the stack <em>before</em> the JVM's shutdown begins. JVM shutdown
     * hooks run concurrently, and embedded-infra's PostgreSQL registers its own hook, which would
     * otherwise stop the database while the services are still shutting down. (Kafka's broker
     * handles signals through the same API.) The shutdown hook above stays for every other exit.
     */
    private static void stopBeforeShutdownOnSignals(LocalStack stack) {
        for (String name : new String[] {"INT", "TERM"}) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(name), signal ->
                        // Off the signal-dispatch thread, so a second Ctrl-C is still delivered (and ignored).
                        new Thread(() -> {
                            stack.stop();
                            System.exit(128 + signal.getNumber());
                        }, "waveflow-local-SIG" + name).start());
            } catch (IllegalArgumentException | UnsupportedOperationException e) {
                // The signal is reserved here (e.g. -Xrs); the shutdown hook still stops the stack.
            }
        }
    }

    static Path repoRoot(Map<String, String> environment, Path workingDir) {
        String home = environment.get("WAVEFLOW_HOME");
        return home == null || home.isBlank() ? workingDir : workingDir.resolve(home).normalize();
    }

    /** The command line: {@code --fresh}, {@code --data-dir PATH} (or {@code =PATH}), {@code --startup-timeout SECONDS}, {@code --help}. */
    record Options(boolean fresh, Path dataDir, Duration startupTimeout, boolean help) {

        static Options parse(String[] args, Path workingDir) {
            boolean fresh = false;
            boolean help = false;
            Path dataDir = workingDir.resolve(DEFAULT_DATA_DIR);
            Duration startupTimeout = LocalStackSettings.DEFAULT_STARTUP_TIMEOUT;
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                if (arg.equals("--fresh")) {
                    fresh = true;
                } else if (arg.equals("--help") || arg.equals("-h")) {
                    help = true;
                } else if (arg.equals("--data-dir")) {
                    if (i + 1 == args.length || args[i + 1].isBlank()) {
                        throw new IllegalArgumentException("--data-dir needs a path");
                    }
                    dataDir = workingDir.resolve(args[++i]).normalize();
                } else if (arg.startsWith("--data-dir=") && arg.length() > "--data-dir=".length()) {
                    dataDir = workingDir.resolve(arg.substring("--data-dir=".length())).normalize();
                } else if (arg.equals("--startup-timeout")) {
                    startupTimeout = seconds(i + 1 < args.length ? args[++i] : null);
                } else if (arg.startsWith("--startup-timeout=")) {
                    startupTimeout = seconds(arg.substring("--startup-timeout=".length()));
                } else {
                    throw new IllegalArgumentException("unknown argument '" + arg + "'");
                }
            }
            return new Options(fresh, dataDir, startupTimeout, help);
        }

        private static Duration seconds(String value) {
            try {
                long seconds = Long.parseLong(value == null ? "" : value.strip());
                if (seconds > 0) {
                    return Duration.ofSeconds(seconds);
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new IllegalArgumentException("--startup-timeout needs a positive number of seconds");
        }
    }
}
