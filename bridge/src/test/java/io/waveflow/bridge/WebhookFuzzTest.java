package io.waveflow.bridge;

import io.waveflow.bridge.inbound.InvalidWebhookException;
import io.waveflow.bridge.inbound.MalformedWebhookException;
import io.waveflow.bridge.inbound.WebhookRequest;
import io.waveflow.bridge.webhook.PayloadTooLargeException;
import io.waveflow.bridge.webhook.UnauthenticatedWebhookException;
import io.waveflow.bridge.webhook.WebhookGate;
import io.waveflow.bridge.webhook.WebhookMapper;
import io.waveflow.contracts.webhook.WebhookSignature;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fuzzer's cases without HTTP, many more of them: each one the gate and the mapper must refuse
 * with the exception that becomes its expected status (the 415 cases are decided by Spring before
 * the gate and are skipped here). Fast enough for every build; WebhookFuzzIT sends them over HTTP.
 */
class WebhookFuzzTest {

    private static final int CASES_PER_ENDPOINT = 5_000;

    @Test
    void shouldRefuseEveryGeneratedCaseInTheGateOrTheMapper() {
        long seed = Long.getLong("fuzz.seed", System.nanoTime());
        WebhookFuzzer fuzzer = new WebhookFuzzer(seed, BridgeHttp.SECRET);
        WebhookGate gate = new WebhookGate(WebhookFuzzer.BODY_LIMIT, true, List.of(BridgeHttp.SECRET),
                Duration.ofSeconds(300), Clock.systemUTC());
        List<String> failures = new ArrayList<>();
        for (String path : List.of(WebhookFuzzer.UPLOAD, WebhookFuzzer.HASH_CHECK, WebhookFuzzer.COMPLETION)) {
            for (int i = 0; i < CASES_PER_ENDPOINT; i++) {
                WebhookFuzzer.Case fuzzCase = fuzzer.next(path);
                if (fuzzCase.expectedStatus() == 415) {
                    continue;
                }
                int status = statusOf(fuzzCase, gate, mapping(path));
                if (status != fuzzCase.expectedStatus()) {
                    failures.add(status + " <- " + fuzzCase);
                }
            }
        }

        assertThat(failures).as("seed %d (replay with -Dfuzz.seed=%d)", seed, seed).isEmpty();
    }

    private static int statusOf(WebhookFuzzer.Case fuzzCase, WebhookGate gate, Consumer<WebhookRequest> mapping) {
        try {
            mapping.accept(gate.admit(new ByteArrayInputStream(fuzzCase.body()), fuzzCase.body().length,
                    fuzzCase.headers().get(WebhookSignature.HEADER), fuzzCase.headers().get("Idempotency-Key")));
            return 200;
        } catch (MalformedWebhookException | InvalidWebhookException e) {
            return 400;
        } catch (UnauthenticatedWebhookException e) {
            return 401;
        } catch (PayloadTooLargeException e) {
            return 413;
        } catch (RuntimeException e) {
            return 500;
        }
    }

    private static Consumer<WebhookRequest> mapping(String path) {
        return switch (path) {
            case WebhookFuzzer.UPLOAD -> WebhookMapper::uploadCompleted;
            case WebhookFuzzer.HASH_CHECK -> WebhookMapper::hashReported;
            default -> WebhookMapper::processingCompleted;
        };
    }
}
