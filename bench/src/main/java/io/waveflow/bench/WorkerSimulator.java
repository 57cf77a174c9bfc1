package io.waveflow.bench;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import io.waveflow.contracts.Stage;
import io.waveflow.contracts.celery.CeleryCodec;
import io.waveflow.contracts.celery.CeleryTask;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * A fleet of simulated Celery workers: several threads long-poll one SQS queue, decode each message
 * with the project's own decoder ({@link CeleryCodec#decode}), delete it (Celery's early ack) and,
 * in {@link Mode#ANSWER}, post the webhook the real task would post after a per-stage delay. A
 * configurable share of tasks fails, and a share is lost (never answered) to exercise deadlines.
 * Every task seen is recorded with its arrival time.
 */
final class WorkerSimulator implements AutoCloseable {

    // The task names' one home is Stage; these short names read better at the bench's call sites.
    static final String GENERATE_HASH = Stage.HASH.taskName();
    static final String PROCESS_AUDIO_ANALYSIS = Stage.ANALYSIS.taskName();
    static final String PROCESS_DUPLICATE_FILE = Stage.DUPLICATE.taskName();

    /** Its threads' name prefix, by which {@link ProcessCpu} tells the suite's own CPU in the bench JVM. */
    static final String THREAD_PREFIX = "worker-sim-";

    enum Mode { ANSWER, OBSERVE }

    /** Per-stage delays and the shares of failed and lost tasks. */
    record Profile(Duration hashDelay, Duration analysisDelay, Duration duplicateDelay,
                   double failureShare, double lostShare) {
    }

    record Seen(String task, String taskId, String stemId, long nanos) {
    }

    private final SqsClient sqs;
    private final String queueUrl;
    private final SignedHttp http;
    private final URI webhookBase;
    private final Function<String, String> hashOf;
    private final Profile profile;
    private final List<Thread> pollers = new ArrayList<>();
    private final ScheduledExecutorService answering = Executors.newScheduledThreadPool(2,
            r -> new Thread(r, THREAD_PREFIX + "answer"));
    private final ConcurrentLinkedQueue<Seen> seen = new ConcurrentLinkedQueue<>();
    private final Map<String, Long> firstSeen = new ConcurrentHashMap<>();
    private final Map<String, Long> hashSent = new ConcurrentHashMap<>();
    private final Map<String, Long> hashAccepted = new ConcurrentHashMap<>();
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(WorkerSimulator.class);

    private final AtomicLong seenCount = new AtomicLong();
    private final AtomicLong receiveErrors = new AtomicLong();
    private final AtomicLong decodeErrors = new AtomicLong();
    private final AtomicLong webhookErrors = new AtomicLong();
    private volatile Mode mode = Mode.ANSWER;
    private volatile Duration webhookRetry = Duration.ZERO;
    private volatile boolean running = true;

    WorkerSimulator(SqsClient sqs, String queueUrl, int threads, SignedHttp http, URI webhookBase,
                    Function<String, String> hashOf, Profile profile) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.http = http;
        this.webhookBase = webhookBase;
        this.hashOf = hashOf;
        this.profile = profile;
        for (int i = 0; i < threads; i++) {
            Thread t = new Thread(this::poll, THREAD_PREFIX + i);
            t.setDaemon(true);
            t.start();
            pollers.add(t);
        }
    }

    void mode(Mode mode) {
        this.mode = mode;
    }

    /**
     * Posts a webhook again every 500 ms, for up to {@code window}, while the bridge is away (an I/O
     * error or a 5xx), as a worker whose HTTP client retries would: the chaos suite kills the bridge.
     * Zero (the default) posts once.
     */
    void retryWebhooksFor(Duration window) {
        this.webhookRetry = window;
    }

    /** When {@code task} first arrived for {@code stemId}, in {@link System#nanoTime()} terms; null if not yet. */
    Long firstSeen(String task, String stemId) {
        return firstSeen.get(task + "|" + stemId);
    }

    /** When this simulator's hash-check for {@code stemId} was sent and when it was answered 2xx; null if not (yet). */
    long[] hashCheck(String stemId) {
        Long sent = hashSent.get(stemId);
        Long accepted = hashAccepted.get(stemId);
        return sent == null || accepted == null ? null : new long[] {sent, accepted};
    }

    List<Seen> seen() {
        return List.copyOf(seen);
    }

    long seenCount() {
        return seenCount.get();
    }

    /**
     * Drops what was recorded for the stems whose id starts with {@code prefix}: a capacity search
     * sends hundreds of thousands of stems, and their records are not needed once a step is judged.
     */
    void forget(String prefix) {
        seen.removeIf(s -> s.stemId().startsWith(prefix));
        firstSeen.keySet().removeIf(key -> key.startsWith(prefix, key.indexOf('|') + 1));
        hashSent.keySet().removeIf(id -> id.startsWith(prefix));
        hashAccepted.keySet().removeIf(id -> id.startsWith(prefix));
    }

    long decodeErrors() {
        return decodeErrors.get();
    }

    long webhookErrors() {
        return webhookErrors.get();
    }

    private void poll() {
        while (running) {
            List<Message> messages;
            try {
                messages = sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1))
                        .messages();
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                if (receiveErrors.incrementAndGet() == 1) {
                    log.warn("Worker simulator cannot receive from {} (logged once): {}", queueUrl, e.toString());
                }
                sleep(200);
                continue;
            }
            if (messages.isEmpty()) {
                continue;
            }
            long arrived = System.nanoTime();
            List<DeleteMessageBatchRequestEntry> deletes = new ArrayList<>();
            for (Message message : messages) {
                deletes.add(DeleteMessageBatchRequestEntry.builder()
                        .id(String.valueOf(deletes.size())).receiptHandle(message.receiptHandle()).build());
                CeleryTask task;
                try {
                    task = CeleryCodec.decode(message.body()).task();
                } catch (RuntimeException e) {
                    decodeErrors.incrementAndGet();
                    continue;
                }
                String stemId = String.valueOf(task.kwargs().get("stemId"));
                seen.add(new Seen(task.name(), task.id(), stemId, arrived));
                seenCount.incrementAndGet();
                firstSeen.putIfAbsent(task.name() + "|" + stemId, arrived);
                if (mode == Mode.ANSWER) {
                    answerLater(task, stemId);
                }
            }
            try {
                sqs.deleteMessageBatch(r -> r.queueUrl(queueUrl).entries(deletes));
            } catch (RuntimeException e) {
                // Redelivered after the visibility timeout; the pipeline must cope with that anyway.
            }
        }
    }

    private void answerLater(CeleryTask task, String stemId) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        if (random.nextDouble() < profile.lostShare()) {
            return;
        }
        boolean fail = random.nextDouble() < profile.failureShare();
        Duration delay = switch (Stage.ofTaskName(task.name()).orElse(Stage.ANALYSIS)) {
            case HASH -> profile.hashDelay();
            case DUPLICATE -> profile.duplicateDelay();
            case ANALYSIS -> profile.analysisDelay();
        };
        long retryUntil = System.nanoTime() + webhookRetry.toNanos();
        answering.schedule(() -> answer(task, stemId, fail, retryUntil), delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void answer(CeleryTask task, String stemId, boolean fail, long retryUntil) {
        Map<String, Object> kwargs = task.kwargs();
        Map<String, Object> body = new LinkedHashMap<>();
        String path;
        if (task.name().equals(GENERATE_HASH)) {
            path = "/webhook/hash-check";
            body.put("stemId", stemId);
            body.put("userId", kwargs.get("userId"));
            body.put("trackId", kwargs.get("trackId"));
            body.put("filepath", kwargs.get("filepath"));
            body.put("audio_hash", hashOf.apply(stemId));
            body.put("timestamp", kwargs.get("timestamp"));
            body.put("original_filename", kwargs.get("original_filename"));
            body.put("status", "SUCCESS");
        } else {
            path = "/webhook/completion";
            body.put("stemId", stemId);
            body.put("task", task.name());
            Map<String, Object> result = new LinkedHashMap<>();
            if (fail) {
                body.put("status", "FAILURE");
                result.put("error_message", "simulated failure");
                result.put("error_code", "BENCH_FAILURE");
            } else {
                body.put("status", "SUCCESS");
                if (task.name().equals(PROCESS_AUDIO_ANALYSIS)) {
                    result.put("audio_data_hash", kwargs.get("audio_hash"));
                    result.put("waveform_data_path", "waveforms/" + stemId + ".json");
                    result.put("file_size", 5_242_880);
                    result.put("duration", 183.25);
                    result.put("sample_rate", 44_100);
                    result.put("num_peaks", 1024);
                }
            }
            body.put("result", result);
            body.put("timestamp", Instant.now().toString());
        }
        long sent = System.nanoTime();
        // Asynchronous, so a slow bridge delays this answer only, not the next ones.
        http.postAsync(webhookBase.resolve(path), body).thenAccept(status -> {
            if ((status == -1 || status / 100 == 5) && System.nanoTime() < retryUntil && running) {
                answering.schedule(() -> answer(task, stemId, fail, retryUntil), 500, TimeUnit.MILLISECONDS);
            } else if (status / 100 != 2) {
                webhookErrors.incrementAndGet();
            } else if (path.equals("/webhook/hash-check")) {
                hashSent.put(stemId, sent);
                hashAccepted.put(stemId, System.nanoTime());
            }
        });
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        Load.joinAll(pollers);
        answering.shutdownNow();
    }
}
