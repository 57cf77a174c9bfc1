package io.waveflow.bridge;

import io.waveflow.contracts.Stage;
import io.waveflow.infra.SharedInfra;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.http.HttpResponse;
import java.util.UUID;

/**
 * One bridge per JVM against in-JVM Kafka and ElasticMQ ({@link BridgeServers}): the duplicate-file task is
 * routed to the FIFO queue, every other task to the standard queue. Test classes extending this
 * share the Spring context. The bridge checks signatures with {@link BridgeHttp}'s two secrets.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = BridgeHttp.SECRETS_PROPERTY)
abstract class BridgeITSupport {

    static final String STANDARD_QUEUE = SharedInfra.AUDIO_PROCESS_QUEUE;
    static final String FIFO_QUEUE = SharedInfra.AUDIO_PROCESS_FIFO_QUEUE;

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void sharedServers(DynamicPropertyRegistry registry) {
        BridgeServers infra = BridgeServers.get();
        registry.add("spring.kafka.bootstrap-servers", () -> infra.kafka().bootstrapServers());
        registry.add("spring.cloud.aws.sqs.endpoint", () -> infra.sqs().endpoint());
        registry.add("spring.cloud.aws.region.static", () -> infra.sqs().region());
        registry.add("waveflow.bridge.sqs-queue-url", () -> infra.sqs().queueUrl(STANDARD_QUEUE));
        registry.add("waveflow.bridge.task-queues[" + Stage.DUPLICATE.taskName() + "]",
                () -> infra.sqs().queueUrl(FIFO_QUEUE));
    }

    static String bootstrapServers() {
        return BridgeServers.get().kafka().bootstrapServers();
    }

    /** A stem id no other test uses, so tests can share topics and queues. */
    static String newStemId() {
        return "stem-" + UUID.randomUUID();
    }

    HttpResponse<String> post(String path, String contentType, String body) {
        return new BridgeHttp(port).post(path, contentType, body);
    }

    HttpResponse<String> postJson(String path, String body) {
        return new BridgeHttp(port).postJson(path, body);
    }

    HttpResponse<String> get(String path) {
        return new BridgeHttp(port).get(path);
    }
}
