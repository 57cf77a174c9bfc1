package io.waveflow.local;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

import io.waveflow.infra.EmbeddedKafka;
import io.waveflow.infra.EmbeddedPostgres;
import io.waveflow.infra.EmbeddedSqs;
import io.waveflow.infra.SharedInfra;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole pipeline on 127.0.0.1: Kafka (KRaft), SQS (ElasticMQ) and PostgreSQL in this JVM,
 * then bridge, workflow-streams and projections as child JVMs wired to them through their
 * environment variables. {@link #start()} returns once every service reports {@code UP}; from
 * then on a service that exits on its own (a crash, {@code kill -9}) is started again after a
 * {@link RestartBackoff backoff}, and only {@link #stop()} ends the stack: the services first,
 * then the servers they use. SQS messages are kept in the data directory like Kafka's log and
 * PostgreSQL's cluster, so a restart of the stack loses no task that was forwarded but not taken.
 */
public final class LocalStack implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LocalStack.class);

    public static final String DATABASE = "waveflow";
    public static final String QUEUE = SharedInfra.AUDIO_PROCESS_QUEUE;
    public static final String FIFO_QUEUE = SharedInfra.AUDIO_PROCESS_FIFO_QUEUE;
    /** What the services use as AWS credentials; ElasticMQ accepts any. */
    public static final String AWS_CREDENTIAL = "local";

    private static final String LOOPBACK = "127.0.0.1";
    private static final String WEBHOOK_SECRETS = "WAVEFLOW_WEBHOOK_SECRETS";
    private static final String DEFAULT_REGION = "ap-northeast-2";
    private static final String SERVICE_HEAP = "-Xmx384m";
    /** Extra JVM options for the three services (e.g. GC or JIT settings a benchmark compares). */
    static final String SERVICE_JAVA_OPTIONS = "WAVEFLOW_SERVICE_JAVA_OPTS";
    private static final Duration STOP_GRACE = Duration.ofSeconds(20);
    private static final Duration HEALTH_POLL = Duration.ofMillis(500);

    private final LocalStackSettings settings;
    private final Consumer<String> console;
    private final String version;
    private final String region;

    /** Guards the started parts, so a stop during start (Ctrl-C while waiting) leaves nothing behind. */
    private volatile String webhookSecret;
    private volatile ApiTokensSetting apiTokens;

    private final Object lifecycle = new Object();
    private boolean startCalled;
    private boolean stopRequested;
    private EmbeddedKafka kafka;
    private EmbeddedSqs sqs;
    private EmbeddedPostgres postgres;
    /** The current process of each service; a restart replaces it. */
    private final Map<Service, ServiceProcess> services = new EnumMap<>(Service.class);
    private final Map<Service, RestartBackoff> backoffs = new EnumMap<>(Service.class);
    private final Map<Service, Integer> restarts = new EnumMap<>(Service.class);
    private final Map<String, String> addedEnvironment = new ConcurrentHashMap<>();
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();
    /** Restarts exited services and watches them come back; one daemon thread, idle unless one exits. */
    private final ScheduledExecutorService supervisor = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "waveflow-local-supervisor");
        thread.setDaemon(true);
        return thread;
    });
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(1))
            .build();

    /** A stack that copies the services' output to this JVM's standard output. */
    public LocalStack(LocalStackSettings settings) {
        this(settings, System.out::println);
    }

    /**
     * @param console receives every output line of the services, prefixed with {@code [module] }
     */
    public LocalStack(LocalStackSettings settings, Consumer<String> console) {
        this.settings = settings;
        this.console = console;
        this.version = BuildInfo.version();
        this.region = Optional.ofNullable(System.getenv("AWS_REGION")).filter(r -> !r.isBlank()).orElse(DEFAULT_REGION);
    }

    /**
     * Starts the servers, then the services, and waits until every service is {@code UP}.
     *
     * @throws LocalStackException when a jar is missing, a port is taken, or a service exits or
     *                             stays down past the startup timeout; whatever had started is stopped
     */
    public void start() {
        synchronized (lifecycle) {
            if (startCalled || stopRequested) {
                throw new IllegalStateException("a LocalStack starts once; create a new one to start again");
            }
            startCalled = true;
        }
        long started = System.nanoTime();
        requireJars();
        requireFreePorts();
        DataDir.prepare(settings.dataDir());
        String configured = WebhookSecret.first(System.getenv(WEBHOOK_SECRETS));
        webhookSecret = configured != null ? configured : WebhookSecret.loadOrCreate(settings.dataDir());
        apiTokens = ApiTokensSetting.resolve(System.getenv(ApiTokensSetting.VARIABLE), settings.dataDir());
        try {
            startServers();
            startServices();
            awaitServicesUp();
            superviseServices();
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
        log.info("Local stack up in {} s", String.format("%.1f", (System.nanoTime() - started) / 1e9));
    }

    /**
     * Stops the services (SIGTERM, SIGKILL after 20 s), then Kafka, SQS and PostgreSQL. Idempotent;
     * a second caller (a signal and the shutdown hook) returns once the first caller is done.
     */
    public void stop() {
        List<ServiceProcess> running;
        List<AutoCloseable> servers = new ArrayList<>();
        synchronized (lifecycle) {
            if (stopRequested) {
                running = null;
            } else {
                stopRequested = true;
                supervisor.shutdownNow();
                running = List.copyOf(services.values());
                services.clear();
                // Kafka first: nothing uses SQS or PostgreSQL from here once the services are gone.
                for (AutoCloseable server : new AutoCloseable[] {kafka, sqs, postgres}) {
                    if (server != null) {
                        servers.add(server);
                    }
                }
                kafka = null;
                sqs = null;
                postgres = null;
            }
        }
        if (running == null) {
            stopped.join();
            return;
        }
        try {
            stopServices(running);
            for (AutoCloseable server : servers) {
                try {
                    server.close();
                } catch (Exception e) {
                    log.warn("Could not stop {}: {}", server.getClass().getSimpleName(), e.toString());
                }
            }
            if (!running.isEmpty() || !servers.isEmpty()) {
                log.info("Local stack stopped");
            }
        } finally {
            stopped.complete(null);
        }
    }

    private static void stopServices(List<ServiceProcess> running) {
        if (running.isEmpty()) {
            return;
        }
        log.info("Stopping {}", running.stream().map(s -> s.service().module()).toList());
        // All at once, so the slowest decides the wait, not the sum.
        running.forEach(ServiceProcess::requestStop);
        long deadline = System.nanoTime() + STOP_GRACE.toNanos();
        running.forEach(s -> s.awaitStop(deadline));
    }

    @Override
    public void close() {
        stop();
    }

    /** Returns once {@link #stop()} has finished, whoever called it. */
    public void awaitStop() {
        stopped.join();
    }

    /**
     * Sets a variable in every service's environment from the next launch on, over the stack's
     * own: for a caller that owns something the services should use, e.g. a test's trace receiver
     * as {@code OTEL_EXPORTER_OTLP_ENDPOINT}. Call it before {@link #start()}.
     */
    public void putServiceEnvironment(String name, String value) {
        addedEnvironment.put(name, value);
    }

    /**
     * Kills a service's current process with SIGKILL, as {@code kill -9} would: for the chaos suite.
     * The supervisor notices the exit and starts the service again, as after any crash.
     */
    public void kill(Service service) {
        ServiceProcess process = current(service);
        log.warn("Killing {} (pid {}) with SIGKILL", service.module(), process.pid());
        process.kill();
    }

    /** The process id of the service's current process. */
    public long pid(Service service) {
        return current(service).pid();
    }

    /** How often the supervisor has started the service again since {@link #start()}. */
    public int restarts(Service service) {
        synchronized (lifecycle) {
            return restarts.getOrDefault(service, 0);
        }
    }

    /** True when the service's current process answers {@code UP} on {@code /actuator/health}. */
    public boolean isUp(Service service) {
        return current(service).isUp(http);
    }

    /**
     * Stops one server in place, keeping its port and data, while the services keep running and
     * retrying: the broker, SQS or PostgreSQL going away. {@link #startInfrastructure} brings it back.
     */
    public void stopInfrastructure(Infrastructure piece) {
        switch (piece) {
            case KAFKA -> running(kafka).stop();
            case SQS -> running(sqs).stop();
            case POSTGRES -> running(postgres).stop();
        }
    }

    /** Starts a server stopped by {@link #stopInfrastructure} again on the same port with the same data. */
    public void startInfrastructure(Infrastructure piece) {
        switch (piece) {
            case KAFKA -> running(kafka).restart();
            case SQS -> running(sqs).restart();
            case POSTGRES -> running(postgres).restart();
        }
    }

    /** Freezes PostgreSQL (SIGSTOP to its processes): connections stay open and nothing answers. */
    public void pausePostgres() {
        running(postgres).pause();
    }

    /** Lets a paused PostgreSQL run again (SIGCONT). */
    public void resumePostgres() {
        running(postgres).resume();
    }

    private <T> T running(T server) {
        synchronized (lifecycle) {
            if (server == null || stopRequested) {
                throw new IllegalStateException("the local stack is not running");
            }
            return server;
        }
    }

    private ServiceProcess current(Service service) {
        synchronized (lifecycle) {
            ServiceProcess process = services.get(service);
            if (process == null) {
                throw new IllegalStateException(service.module() + " is not running");
            }
            return process;
        }
    }

    public String kafkaBootstrapServers() {
        return LOOPBACK + ":" + settings.kafkaPort();
    }

    public String sqsEndpoint() {
        return "http://" + LOOPBACK + ":" + settings.sqsPort();
    }

    /** The URL of the queue the bridge sends Celery tasks to. */
    public String queueUrl() {
        return queueUrl(QUEUE);
    }

    public String region() {
        return region;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://" + LOOPBACK + ":" + settings.postgresPort() + "/" + DATABASE;
    }

    public String databaseUsername() {
        return postgresCredential(EmbeddedPostgres::username);
    }

    public String databasePassword() {
        return postgresCredential(EmbeddedPostgres::password);
    }

    /** e.g. {@code http://127.0.0.1:8080} for the bridge. */
    public URI serviceUrl(Service service) {
        return URI.create("http://" + LOOPBACK + ":" + settings.port(service));
    }

    public Path logFile(Service service) {
        return settings.dataDir().resolve("logs").resolve(service.module() + ".log");
    }

    /**
     * The secret to sign webhooks with: the first of {@code WAVEFLOW_WEBHOOK_SECRETS} when that is
     * set, else the one generated into {@code <dataDir>/webhook-secret}. Known once {@link #start()} ran.
     */
    public String webhookSecret() {
        return webhookSecret;
    }

    /**
     * A token with the admin role for the read and admin APIs ({@code Authorization: Bearer …}):
     * from an exported {@code WAVEFLOW_API_TOKENS}, else the one generated into
     * {@code <dataDir>/api-token-admin}; null when the exported setting has no admin entry.
     */
    public String adminToken() {
        return apiTokens.adminToken();
    }

    /** Likewise a read-only token ({@code <dataDir>/api-token-read}); null when the exported setting has none. */
    public String readToken() {
        return apiTokens.readToken();
    }

    public LocalStackSettings settings() {
        return settings;
    }

    /** What a user needs to talk to the running stack, ready to print. */
    public String summary() {
        String n = System.lineSeparator();
        Path dataDir = settings.dataDir();
        return n
                + "Waveflow local stack is up." + n
                + n
                + "  bridge            " + serviceUrl(Service.BRIDGE)
                + "   POST /upload-complete, /webhook/hash-check, /webhook/completion" + n
                + "  workflow-streams  " + serviceUrl(Service.WORKFLOW_STREAMS) + n
                + "  projections       " + serviceUrl(Service.PROJECTIONS) + "   GET /stems/{stemId}" + n
                + "  (each also serves /actuator/health and /actuator/prometheus)" + n
                + n
                + "  Kafka             " + kafkaBootstrapServers() + n
                + "  SQS endpoint      " + sqsEndpoint() + "   region " + region
                + ", access key and secret '" + AWS_CREDENTIAL + "'" + n
                + "  SQS queue         " + queueUrl() + n
                + "                    " + queueUrl(FIFO_QUEUE) + n
                + "  PostgreSQL        " + jdbcUrl() + "   user " + databaseUsername()
                + ", password " + databasePassword() + n
                + "  psql              PGPASSWORD=" + databasePassword() + " psql -h " + LOOPBACK
                + " -p " + settings.postgresPort() + " -U " + databaseUsername() + " " + DATABASE + n
                + "  webhook secret    " + webhookSecret + "   (sign webhooks: header X-Waveflow-Signature: t=<unix"
                + " seconds>,v1=<hex HMAC-SHA256 of \"<t>.<body>\">)" + n
                + "  admin token       " + printable(apiTokens.adminToken())
                + "   (read and admin APIs: header Authorization: Bearer <token>)" + n
                + "  read token        " + printable(apiTokens.readToken()) + "   (read APIs and /actuator/prometheus)" + n
                + n
                + "  console           " + serviceUrl(Service.PROJECTIONS).resolve("/console")
                + "   (paste the admin or read token printed above)" + n
                + n
                + "  data              " + dataDir + "   (kept across restarts, SQS messages too; --fresh starts empty)" + n
                + "  logs              " + dataDir.resolve("logs") + "/<service>.log"
                + "   (a service that exits is restarted; only Ctrl-C stops the stack)" + n
                + "  stop              Ctrl-C (or kill -INT " + ProcessHandle.current().pid() + ")" + n;
    }

    private static String printable(String token) {
        return token != null ? token : "(none in the exported WAVEFLOW_API_TOKENS)";
    }

    private String queueUrl(String name) {
        // ElasticMQ's default account id is the queue URL's first path segment.
        return sqsEndpoint() + "/000000000000/" + name;
    }

    private String postgresCredential(java.util.function.Function<EmbeddedPostgres, String> credential) {
        synchronized (lifecycle) {
            // zonky's fixed superuser; known before the server runs, so the summary never depends on timing.
            return postgres != null ? credential.apply(postgres) : "postgres";
        }
    }

    private void requireJars() {
        List<String> missing = new ArrayList<>();
        for (Service service : Service.values()) {
            Path jar = service.jar(settings.repoRoot(), version);
            if (!Files.isRegularFile(jar)) {
                missing.add(settings.repoRoot().relativize(jar).toString());
            }
        }
        if (!missing.isEmpty()) {
            throw new LocalStackException("Missing service jar(s) in " + settings.repoRoot() + ": "
                    + String.join(", ", missing) + System.lineSeparator()
                    + "Build them first: cd " + settings.repoRoot() + " && mvn -q -DskipTests package"
                    + System.lineSeparator()
                    + "(run from the repository root, or set WAVEFLOW_HOME to it)");
        }
    }

    private void requireFreePorts() {
        Map<String, Integer> ports = new LinkedHashMap<>();
        ports.put("Kafka", settings.kafkaPort());
        ports.put("SQS", settings.sqsPort());
        ports.put("PostgreSQL", settings.postgresPort());
        for (Service service : Service.values()) {
            ports.put(service.module(), settings.port(service));
        }
        List<String> taken = new ArrayList<>();
        ports.forEach((owner, port) -> {
            try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getByName(LOOPBACK))) {
                probe.setReuseAddress(true);
            } catch (IOException e) {
                taken.add(owner + " port " + port);
            }
        });
        if (!taken.isEmpty()) {
            throw new LocalStackException("Already in use on " + LOOPBACK + ": " + String.join(", ", taken)
                    + ". Is another local stack (or a Kafka, ElasticMQ, PostgreSQL) running? Stop it first.");
        }
    }

    private void startServers() {
        log.info("Starting Kafka on {}, SQS on {}, PostgreSQL on {} (data {})",
                kafkaBootstrapServers(), sqsEndpoint(), settings.postgresPort(), settings.dataDir());
        // They are independent, so start them together; an own pool because the common pool has
        // a single thread on a 2-core machine.
        ExecutorService starters = Executors.newFixedThreadPool(3);
        try {
            CompletableFuture<EmbeddedKafka> kafkaStart = starter(starters,
                    () -> EmbeddedKafka.start(settings.kafkaPort(), settings.dataDir().resolve("kafka")));
            CompletableFuture<EmbeddedSqs> sqsStart = starter(starters,
                    () -> EmbeddedSqs.startPersistent(settings.sqsPort(), List.of(QUEUE, FIFO_QUEUE), region,
                            settings.dataDir().resolve("sqs")));
            CompletableFuture<EmbeddedPostgres> postgresStart = starter(starters, () -> {
                EmbeddedPostgres server = EmbeddedPostgres.start(settings.postgresPort(),
                        settings.dataDir().resolve("postgres"));
                server.createDatabaseIfMissing(DATABASE);
                return server;
            });
            RuntimeException failure = null;
            try {
                CompletableFuture.allOf(kafkaStart, sqsStart, postgresStart).join();
            } catch (CompletionException e) {
                failure = new LocalStackException("Cannot start the embedded servers: " + e.getCause(), e.getCause());
            }
            // Adopt whatever did start, so stop() closes it also when another one failed.
            synchronized (lifecycle) {
                kafka = startedOrNull(kafkaStart);
                sqs = startedOrNull(sqsStart);
                postgres = startedOrNull(postgresStart);
                if (failure == null && stopRequested) {
                    failure = new LocalStackException("Stopped while starting");
                }
            }
            if (failure != null) {
                throw failure;
            }
        } finally {
            starters.shutdown();
        }
    }

    private void startServices() {
        for (Service service : Service.values()) {
            synchronized (lifecycle) {
                requireNotStopping();
                services.put(service, launch(service));
            }
        }
    }

    private ServiceProcess launch(Service service) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Map<String, String> env = new LinkedHashMap<>(serviceEnvironment());
        env.put("SERVER_PORT", String.valueOf(settings.port(service)));
        // Static Kafka group membership: a service restarted after a crash takes its partitions back
        // at once, instead of waiting for the dead process's session to time out.
        env.put("WAVEFLOW_KAFKA_INSTANCE_ID", "local-" + service.module());
        List<String> command = new ArrayList<>(List.of(java, SERVICE_HEAP));
        command.addAll(serviceJavaOptions());
        command.addAll(List.of("-jar", service.jar(settings.repoRoot(), version).toString()));
        return ServiceProcess.launch(service, serviceUrl(service), command, env, logFile(service), console);
    }

    /**
     * From here on every exit that {@link #stop()} did not cause is a crash: the service is started
     * again after its backoff. Startup itself fails fast instead (see {@link #awaitServicesUp()}).
     */
    private void superviseServices() {
        synchronized (lifecycle) {
            requireNotStopping();
            for (Service service : Service.values()) {
                backoffs.put(service, new RestartBackoff());
                watch(services.get(service));
            }
        }
    }

    private void watch(ServiceProcess process) {
        process.onExit().thenRun(() -> onSupervisor(() -> exited(process), 0));
    }

    private void exited(ServiceProcess process) {
        Service service = process.service();
        Duration wait;
        synchronized (lifecycle) {
            if (stopRequested || services.get(service) != process) {
                return;
            }
            wait = backoffs.get(service).next(process.uptime());
        }
        log.warn("{} (pid {}) exited with code {} after {} s; starting it again in {} s. See {}{}",
                service.module(), process.pid(), process.exitValue(), process.uptime().toSeconds(),
                wait.toSeconds(), process.logFile(), lastLines(process));
        onSupervisor(() -> restart(service, process), wait.toMillis());
    }

    private void restart(Service service, ServiceProcess exited) {
        ServiceProcess next;
        int count;
        synchronized (lifecycle) {
            if (stopRequested || services.get(service) != exited) {
                return;
            }
            try {
                next = launch(service);
            } catch (RuntimeException e) {
                Duration wait = backoffs.get(service).next(Duration.ZERO);
                log.error("Could not start {} again ({}); trying again in {} s", service.module(), e.getMessage(),
                        wait.toSeconds());
                onSupervisor(() -> restart(service, exited), wait.toMillis());
                return;
            }
            services.put(service, next);
            count = restarts.merge(service, 1, Integer::sum);
            watch(next);
        }
        reportWhenUp(next, count, System.nanoTime());
    }

    /** Logs once a restarted service answers UP again, so the console shows the recovery too. */
    private void reportWhenUp(ServiceProcess process, int restart, long since) {
        if (!process.isAlive()) {
            return;
        }
        if (process.isUp(http)) {
            log.info("{} is UP again on {} after {} s (restart {})", process.service().module(), process.baseUrl(),
                    String.format("%.1f", (System.nanoTime() - since) / 1e9), restart);
            return;
        }
        onSupervisor(() -> reportWhenUp(process, restart, since), HEALTH_POLL.toMillis());
    }

    private void onSupervisor(Runnable task, long delayMillis) {
        try {
            supervisor.schedule(task, delayMillis, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // The stack is stopping; nothing is restarted any more.
        }
    }

    /**
     * The same connection settings for every service (each reads the ones it needs), so a service
     * that gains a dependency, e.g. the bridge's outbox database, finds it without a change here.
     */
    /** {@value #SERVICE_JAVA_OPTIONS}, split on whitespace; none when unset. */
    private static List<String> serviceJavaOptions() {
        String options = System.getenv(SERVICE_JAVA_OPTIONS);
        return options == null || options.isBlank() ? List.of() : List.of(options.strip().split("\\s+"));
    }

    private Map<String, String> serviceEnvironment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("SERVER_ADDRESS", LOOPBACK);
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafkaBootstrapServers());
        env.put("SQS_ENDPOINT", sqsEndpoint());
        env.put("SQS_QUEUE_URL", queueUrl());
        env.put("AWS_REGION", region);
        env.put("AWS_ACCESS_KEY_ID", AWS_CREDENTIAL);
        env.put("AWS_SECRET_ACCESS_KEY", AWS_CREDENTIAL);
        env.put("DATABASE_URL", jdbcUrl());
        env.put("DATABASE_USERNAME", databaseUsername());
        env.put("DATABASE_PASSWORD", databasePassword());
        env.put("WAVEFLOW_STATE_DIR", settings.dataDir().resolve("streams").toString());
        // The bridge captures the transactional outbox (bridge/OUTBOX.md) of this database. Its own
        // schema, so the projections' Flyway still finds an empty public schema on a first start.
        env.put("WAVEFLOW_OUTBOX_ENABLED", "true");
        env.put("WAVEFLOW_OUTBOX_CREATE_TABLE", "true");
        env.put("WAVEFLOW_OUTBOX_SCHEMA", "outbox");
        env.put("OUTBOX_DATABASE_URL", jdbcUrl());
        env.put("OUTBOX_DATABASE_USERNAME", databaseUsername());
        env.put("OUTBOX_DATABASE_PASSWORD", databasePassword());
        // The operator console (projections /console) sends retry and cancel to the bridge from the browser.
        env.put("WAVEFLOW_CONSOLE_ORIGINS", serviceUrl(Service.PROJECTIONS).toString());
        env.put("WAVEFLOW_CONSOLE_BRIDGE_URL", serviceUrl(Service.BRIDGE).toString());
        // The exported value, or the generated tokens: the services refuse to start without one.
        env.put(ApiTokensSetting.VARIABLE, apiTokens.value());
        if (WebhookSecret.first(System.getenv(WEBHOOK_SECRETS)) == null) {
            // Otherwise the user's own secrets reach the bridge unchanged, all of them.
            env.put(WEBHOOK_SECRETS, webhookSecret);
        }
        env.putAll(addedEnvironment);
        return env;
    }

    private void awaitServicesUp() {
        List<ServiceProcess> pending;
        synchronized (lifecycle) {
            pending = new ArrayList<>(services.values());
        }
        long started = System.nanoTime();
        long deadline = started + settings.startupTimeout().toNanos();
        while (!pending.isEmpty()) {
            requireNotStopping();
            for (var it = pending.iterator(); it.hasNext(); ) {
                ServiceProcess service = it.next();
                if (!service.isAlive()) {
                    requireNotStopping();
                    throw new LocalStackException(service.service().module() + " exited with code "
                            + service.exitValue() + " while starting; see " + service.logFile()
                            + lastLines(service));
                }
                if (service.isUp(http)) {
                    log.info("{} is UP on {} after {} s", service.service().module(), service.baseUrl(),
                            String.format("%.1f", (System.nanoTime() - started) / 1e9));
                    it.remove();
                }
            }
            if (pending.isEmpty()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                ServiceProcess late = pending.get(0);
                throw new LocalStackException(late.service().module() + " did not report UP on "
                        + late.baseUrl().resolve("/actuator/health") + " within " + settings.startupTimeout().toSeconds()
                        + " s (last answer: " + late.lastHealth() + "); see " + late.logFile()
                        + ". A busy machine may need a longer startup timeout (--startup-timeout SECONDS)."
                        + lastLines(late));
            }
            try {
                Thread.sleep(HEALTH_POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LocalStackException("Interrupted while waiting for the services", e);
            }
        }
    }

    private void requireNotStopping() {
        synchronized (lifecycle) {
            if (stopRequested) {
                throw new LocalStackException("Stopped while starting");
            }
        }
    }

    private static String lastLines(ServiceProcess service) {
        String tail = service.tail();
        return tail.isEmpty() ? "" : System.lineSeparator() + "Last lines:" + System.lineSeparator() + tail;
    }

    private static <T> CompletableFuture<T> starter(ExecutorService pool, Supplier<T> start) {
        return CompletableFuture.supplyAsync(start, pool);
    }

    private static <T> T startedOrNull(CompletableFuture<T> start) {
        return start.isDone() && !start.isCompletedExceptionally() ? start.join() : null;
    }
}
