package io.waveflow.local;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The reference Celery worker (worker/, Debian's Celery 5) as a child process reading the shared
 * stack's SQS queue, posting to its bridge and working on files under {@code storage}; its output
 * goes to a log file the ITs read. Skipped (with what to install) where Debian's Celery is
 * missing, except under CI=true, where it must run.
 */
final class ReferenceWorker {

    private final Process process;
    private final Path log;

    private ReferenceWorker(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Starts the worker and returns once Celery reports it ready. */
    static ReferenceWorker start(LocalStack stack, Path storage) throws Exception {
        requireDebianCelery();
        Path log = Files.createTempFile("celery-worker", ".log");
        Path repoRoot = Path.of(System.getProperty("waveflow.repoRoot", "..")).toAbsolutePath().normalize();
        ProcessBuilder builder = new ProcessBuilder("/usr/bin/python3", "-m", "celery", "-A", "app", "worker",
                "-Q", LocalStack.QUEUE, "--pool=solo", "--without-gossip", "--without-mingle",
                "--without-heartbeat", "-l", "INFO")
                .directory(repoRoot.resolve("worker").toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.put("SQS_QUEUE_URL", stack.queueUrl());
        env.put("WAVEFLOW_SQS_ENDPOINT", stack.sqsEndpoint());
        env.put("AWS_REGION", stack.region());
        env.put("AWS_ACCESS_KEY_ID", LocalStack.AWS_CREDENTIAL);
        env.put("AWS_SECRET_ACCESS_KEY", LocalStack.AWS_CREDENTIAL);
        env.put("WAVEFLOW_BRIDGE_URL", stack.serviceUrl(Service.BRIDGE).toString());
        env.put("WAVEFLOW_WEBHOOK_SECRET", stack.webhookSecret());
        env.put("WAVEFLOW_STORAGE_DIR", storage.toString());
        ReferenceWorker worker = new ReferenceWorker(builder.start(), log);
        await("the Celery worker is ready (log " + log + ")").atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> {
                    assertThat(worker.process.isAlive()).as("worker alive; log:%n%s", worker.log()).isTrue();
                    assertThat(worker.log()).contains("ready.");
                });
        return worker;
    }

    /** Everything the worker printed so far. */
    String log() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }

    void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    /**
     * The worker for one test class, on the shared stack and a fresh storage folder: started before
     * the class's tests, stopped after them. {@code @RegisterExtension static final
     * ReferenceWorker.PerTestClass worker = new ReferenceWorker.PerTestClass("bucket-prefix");}
     * next to {@code @ExtendWith(LocalStackExtension.class)}, which starts the stack first.
     */
    static final class PerTestClass implements BeforeAllCallback, AfterAllCallback {

        private final String storagePrefix;
        private Path storage;
        private ReferenceWorker worker;

        PerTestClass(String storagePrefix) {
            this.storagePrefix = storagePrefix;
        }

        @Override
        public void beforeAll(ExtensionContext context) throws Exception {
            storage = Files.createTempDirectory(storagePrefix);
            worker = ReferenceWorker.start(LocalStackExtension.stack(), storage);
        }

        @Override
        public void afterAll(ExtensionContext context) throws Exception {
            if (worker != null) {
                worker.stop();
            }
        }

        /** The folder the worker reads and writes files in. */
        Path storage() {
            return storage;
        }

        /** Everything the worker printed so far. */
        String log() {
            return worker.log();
        }
    }

    private static void requireDebianCelery() throws Exception {
        Process probe = new ProcessBuilder("/usr/bin/python3", "-c", "import celery, kombu, boto3, pycurl")
                .redirectErrorStream(true).start();
        boolean present = probe.waitFor(60, TimeUnit.SECONDS) && probe.exitValue() == 0;
        String install = "the reference Celery worker needs: apt-get install -y python3-celery python3-kombu "
                + "python3-boto3 python3-pycurl";
        if (!present && "true".equals(System.getenv("CI"))) {
            throw new IllegalStateException("CI=true but " + install);
        }
        Assumptions.assumeTrue(present, install);
    }
}
