package io.waveflow.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.waveflow.contracts.celery.CeleryCodec;
import io.waveflow.contracts.celery.CeleryTask;
import io.waveflow.contracts.webhook.WebhookSignature;
import software.amazon.awssdk.services.sqs.SqsClient;
import tools.jackson.databind.JsonNode;

/**
 * The seed's design, rebuilt small for comparison: a synchronous HTTP server that answers each
 * webhook by querying PostgreSQL and sending the next Celery task to SQS inside the request. Like
 * the seed, the duplicate check reads {@code stem_file} by user, track and hash, and the row is
 * written only when a task completes (with the hash only after analysis): the check-then-act window
 * the workflow closes. That row is a seed-style stem's final state, so the suite can drive this
 * design end to end like Waveflow. It signs nothing it need not, but verifies signatures like the
 * bridge, so both pay for the HMAC. Also serves {@code POST /ceiling}: the same server stack
 * answering without doing anything.
 */
final class SeedBaseline implements AutoCloseable {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(SeedBaseline.class);

    static final String QUEUE = "seed-baseline-queue";
    private static final int SERVER_THREADS = 16;
    private static final int CONNECTIONS = 8;
    private static final byte[] OK = "{\"status\":\"success\",\"message\":\"ok\"}".getBytes(StandardCharsets.UTF_8);

    private record Pending(String userId, String trackId, String filepath) {
    }

    private final HttpServer server;
    /** Its request threads' name prefix, by which {@link ProcessCpu} tells the baseline's CPU in the bench JVM. */
    static final String THREAD_PREFIX = "seed-baseline-";
    private final AtomicInteger threadNumber = new AtomicInteger();
    private final ExecutorService executor = Executors.newFixedThreadPool(SERVER_THREADS,
            r -> new Thread(r, THREAD_PREFIX + threadNumber.incrementAndGet()));
    private final BlockingQueue<Connection> pool = new ArrayBlockingQueue<>(CONNECTIONS);
    private final SqsClient sqs;
    private final String queueUrl;
    private final String secret;
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();

    SeedBaseline(int port, String jdbcUrl, String user, String password, SqsClient sqs, String secret)
            throws IOException, SQLException {
        this.sqs = sqs;
        this.secret = secret;
        this.queueUrl = sqs.createQueue(r -> r.queueName(QUEUE)
                .attributes(Map.of(software.amazon.awssdk.services.sqs.model.QueueAttributeName.VISIBILITY_TIMEOUT, "60")))
                .queueUrl();
        for (int i = 0; i < CONNECTIONS; i++) {
            pool.add(DriverManager.getConnection(jdbcUrl, user, password));
        }
        // Borrowed, not closed: the connection goes back to the pool.
        Connection c = pool.peek();
        try (Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA IF NOT EXISTS seed");
            // The seed's StemFile entity, with an index for its duplicate lookup and one for its
            // updates by stem id.
            s.execute("CREATE TABLE IF NOT EXISTS seed.stem_file (id bigserial PRIMARY KEY, stem_id text NOT NULL,"
                    + " user_id text NOT NULL, track_id text NOT NULL, audio_hash text, filepath text,"
                    + " waveform_data_path text, file_size bigint, duration double precision, sample_rate int,"
                    + " num_peaks int, processed_at timestamptz, status text NOT NULL, error_message text,"
                    + " error_code text)");
            s.execute("CREATE INDEX IF NOT EXISTS stem_file_lookup ON seed.stem_file (user_id, track_id, audio_hash)");
            s.execute("CREATE INDEX IF NOT EXISTS stem_file_stem ON seed.stem_file (stem_id)");
        }
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 512);
        server.setExecutor(executor);
        server.createContext("/ceiling", ex -> handle(ex, false, body -> { }));
        server.createContext("/upload-complete", ex -> handle(ex, true, this::uploadComplete));
        server.createContext("/webhook/hash-check", ex -> handle(ex, true, this::hashCheck));
        server.createContext("/webhook/completion", ex -> handle(ex, true, this::completion));
        server.start();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    String queueUrl() {
        return queueUrl;
    }

    private interface Handler {
        void handle(JsonNode body) throws Exception;
    }

    private void handle(HttpExchange exchange, boolean verify, Handler handler) throws IOException {
        try (exchange) {
            byte[] bytes;
            try (InputStream in = exchange.getRequestBody()) {
                bytes = in.readAllBytes();
            }
            if (verify && WebhookSignature.verify(exchange.getRequestHeaders().getFirst(WebhookSignature.HEADER), bytes,
                    List.of(secret), Instant.now().getEpochSecond(), WebhookSignature.DEFAULT_TOLERANCE)
                    != WebhookSignature.Verification.VALID) {
                respond(exchange, 401, "{\"status\":\"error\",\"message\":\"bad signature\"}".getBytes(StandardCharsets.UTF_8));
                return;
            }
            try {
                handler.handle(verify ? SignedHttp.JSON.readTree(bytes) : null);
                respond(exchange, 200, OK);
            } catch (Exception e) {
                log.warn("{} failed: {}", exchange.getRequestURI().getPath(), e.toString());
                respond(exchange, 500, ("{\"status\":\"error\",\"message\":\"" + e.getClass().getSimpleName() + "\"}")
                        .getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    private static void respond(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private void uploadComplete(JsonNode b) {
        String stemId = b.path("stemId").asString();
        Map<String, Object> kwargs = new LinkedHashMap<>();
        kwargs.put("userId", b.path("userId").asString());
        kwargs.put("trackId", b.path("trackId").asString());
        kwargs.put("stemId", stemId);
        kwargs.put("filepath", b.path("filepath").asString());
        kwargs.put("timestamp", Instant.now().toString());
        kwargs.put("original_filename", b.path("original_filename").asString());
        send(new CeleryTask(WorkerSimulator.GENERATE_HASH, "hash-" + stemId + "-1", List.of(), kwargs));
    }

    /** The seed's hash-check: look the hash up, then send the next task, all inside the request. */
    private void hashCheck(JsonNode b) throws Exception {
        String stemId = b.path("stemId").asString();
        String userId = b.path("userId").asString();
        String trackId = b.path("trackId").asString();
        String hash = b.path("audio_hash").asString();
        String filepath = b.path("filepath").asString();
        boolean duplicate;
        Connection c = pool.take();
        try (PreparedStatement q = c.prepareStatement(
                "SELECT stem_id FROM seed.stem_file WHERE user_id = ? AND track_id = ? AND audio_hash = ? LIMIT 1")) {
            q.setString(1, userId);
            q.setString(2, trackId);
            q.setString(3, hash);
            try (ResultSet rs = q.executeQuery()) {
                duplicate = rs.next();
            }
        } finally {
            pool.add(c);
        }
        Map<String, Object> kwargs = new LinkedHashMap<>();
        kwargs.put("userId", userId);
        kwargs.put("trackId", trackId);
        kwargs.put("stemId", stemId);
        kwargs.put("filepath", filepath);
        kwargs.put("audio_hash", hash);
        pending.put(stemId, new Pending(userId, trackId, filepath));
        if (duplicate) {
            send(new CeleryTask(WorkerSimulator.PROCESS_DUPLICATE_FILE, "duplicate-" + stemId + "-1", List.of(), kwargs));
        } else {
            kwargs.put("timestamp", b.path("timestamp").asString());
            kwargs.put("original_filename", b.path("original_filename").asString());
            kwargs.put("num_peaks", 1024);
            send(new CeleryTask(WorkerSimulator.PROCESS_AUDIO_ANALYSIS, "analysis-" + stemId + "-1", List.of(), kwargs));
        }
    }

    /**
     * The seed's completion, whichever task it answers: the seed updates the stem's row by stem id
     * with the result's fields and status {@code completed} ({@code error} on failure). The row is
     * written here, at completion, so a hash becomes known only once its analysis completed (the
     * duplicate clean-up's result has no hash, so a deleted duplicate's row has none either). That
     * row is the seed-style stem's final state, which the capacity search waits for.
     */
    private void completion(JsonNode b) throws Exception {
        String stemId = b.path("stemId").asString();
        JsonNode result = b.path("result");
        Pending p = pending.remove(stemId);
        if (p == null) {
            return;
        }
        boolean success = "SUCCESS".equals(b.path("status").asString());
        Connection c = pool.take();
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO seed.stem_file (stem_id, user_id, track_id,"
                + " audio_hash, filepath, waveform_data_path, file_size, duration, sample_rate, num_peaks, processed_at,"
                + " status, error_message, error_code) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, now(), ?, ?, ?)")) {
            insert.setString(1, stemId);
            insert.setString(2, p.userId());
            insert.setString(3, p.trackId());
            insert.setString(4, success ? text(result, "audio_data_hash") : null);
            insert.setString(5, p.filepath());
            insert.setString(6, success ? text(result, "waveform_data_path") : null);
            insert.setObject(7, success && result.has("file_size") ? result.path("file_size").asLong() : null);
            insert.setObject(8, success && result.has("duration") ? result.path("duration").asDouble() : null);
            insert.setObject(9, success && result.has("sample_rate") ? result.path("sample_rate").asInt() : null);
            insert.setObject(10, success && result.has("num_peaks") ? result.path("num_peaks").asInt() : null);
            insert.setString(11, success ? "completed" : "error");
            insert.setString(12, success ? null : text(result, "error_message"));
            insert.setString(13, success ? null : text(result, "error_code"));
            insert.executeUpdate();
        } finally {
            pool.add(c);
        }
    }

    private static String text(JsonNode node, String field) {
        return node.has(field) ? node.path(field).asString() : null;
    }

    private void send(CeleryTask task) {
        String body = CeleryCodec.encode(task, QUEUE);
        sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody(body));
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        for (Connection c : pool) {
            try {
                c.close();
            } catch (SQLException e) {
                // closing anyway
            }
        }
    }
}
