package io.waveflow.bridge.celery;

import io.waveflow.contracts.Stage;
import io.waveflow.contracts.celery.CeleryCodec;
import io.waveflow.contracts.celery.CeleryTask;
import io.waveflow.contracts.celery.CeleryWireException;

import java.net.URI;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which SQS queue each Celery task goes to: its own queue when configured, else the default.
 * The Celery {@code routing_key} is the queue's name, the last path segment of its URL, and must
 * be the worker's {@code predefined_queues} key. Checked once at start.
 */
public final class QueueRouting {

    /** An SQS queue: its URL for the SDK and its name for Celery's routing key. */
    public record Queue(String url, String name) {

        public boolean fifo() {
            return name.endsWith(".fifo");
        }
    }

    private final Queue defaultQueue;
    private final Map<String, Queue> queueByTask = new LinkedHashMap<>();

    public QueueRouting(String defaultQueueUrl, Map<String, String> queueUrlByTask) {
        this.defaultQueue = queue(defaultQueueUrl);
        queueUrlByTask.forEach((task, url) -> {
            if (Stage.ofTaskName(task).isEmpty()) {
                throw new IllegalArgumentException("task queue configured for unknown Celery task '" + task
                        + "'; known tasks: " + Arrays.stream(Stage.values()).map(Stage::taskName).toList()
                        + " (an environment variable cannot carry such a key: use SPRING_APPLICATION_JSON"
                        + " or a configuration file)");
            }
            queueByTask.put(task, queue(url));
        });
    }

    public Queue queueFor(String taskName) {
        return queueByTask.getOrDefault(taskName, defaultQueue);
    }

    public Set<Queue> queues() {
        Set<Queue> queues = new LinkedHashSet<>();
        queues.add(defaultQueue);
        queues.addAll(queueByTask.values());
        return queues;
    }

    static Queue queue(String url) {
        URI uri;
        try {
            uri = URI.create(url.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("queue URL '" + url + "' is not a URL", e);
        }
        if (uri.getScheme() == null || uri.getHost() == null || uri.getPath() == null) {
            throw new IllegalArgumentException("queue URL '" + url + "' needs a scheme, host and path");
        }
        String path = uri.getPath().replaceAll("/+$", "");
        String name = path.substring(path.lastIndexOf('/') + 1);
        try {
            // The codec is the one home of the queue-name rule; a probe message applies it here.
            CeleryCodec.envelope(new CeleryTask("probe", "probe", List.of(), Map.of()), name);
        } catch (CeleryWireException e) {
            throw new IllegalArgumentException("queue URL '" + url + "': " + e.getMessage(), e);
        }
        return new Queue(uri.toString(), name);
    }
}
