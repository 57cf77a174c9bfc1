package io.waveflow.local;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What an end-to-end IT that plays the Celery worker itself needs of the shared {@link LocalStack}:
 * signed webhooks to the bridge, reads from projections, and its own reader of the real SQS queue,
 * opened before the class's tests and closed after them. Register it after
 * {@link LocalStackExtension}: {@code @RegisterExtension static final StackClient client = new StackClient();}
 */
final class StackClient implements BeforeAllCallback, AfterAllCallback {

    private final HttpJson http = new HttpJson();
    private LocalStack stack;
    private CeleryQueue queue;

    @Override
    public void beforeAll(ExtensionContext context) {
        stack = LocalStackExtension.stack();
        queue = new CeleryQueue(stack.sqsEndpoint(), stack.region(), stack.queueUrl());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (queue != null) {
            queue.close();
        }
    }

    LocalStack stack() {
        return stack;
    }

    CeleryQueue queue() {
        return queue;
    }

    HttpJson http() {
        return http;
    }

    HttpJson.Response webhook(String path, Map<String, Object> body) {
        return http.post(stack.serviceUrl(Service.BRIDGE).resolve(path), body, stack.webhookSecret());
    }

    /** A POST of the bridge's admin API (retry, cancel) with the stack's admin token. */
    HttpJson.Response admin(String path, Map<String, Object> body) {
        return http.postWithToken(stack.serviceUrl(Service.BRIDGE).resolve(path), body, stack.adminToken());
    }

    /** A GET of a read API (projections, workflow-streams, metrics) with the stack's read token. */
    HttpJson.Response read(URI uri) {
        return http.get(uri, stack.readToken());
    }

    URI projections(String path) {
        return stack.serviceUrl(Service.PROJECTIONS).resolve(path);
    }

    /** Waits for the stem's first task of that name and asserts it is the only one. */
    CeleryQueue.Received awaitSingleTask(String taskName, String stemId, Duration within) {
        await(taskName + " for " + stemId).atMost(within)
                .until(() -> !queue.tasks(taskName, stemId).isEmpty());
        List<CeleryQueue.Received> tasks = queue.tasks(taskName, stemId);
        assertThat(tasks).as("%s tasks for %s", taskName, stemId).hasSize(1);
        return tasks.get(0);
    }
}
