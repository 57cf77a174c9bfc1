package io.waveflow.bridge.webhook;

import io.waveflow.bridge.inbound.MalformedWebhookException;
import io.waveflow.bridge.inbound.WebhookRequest;
import io.waveflow.contracts.webhook.WebhookSignature;
import io.waveflow.contracts.webhook.WebhookSignature.Verification;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class WebhookGateTest {

    private static final String SECRET = "gate-test-secret-0123456789";
    private static final String OLD_SECRET = "gate-test-old-secret-9876543210";
    private static final Instant NOW = Instant.parse("2026-11-26T01:02:03.456Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final byte[] BODY = "{\"stemId\":\"s1\"}".getBytes(StandardCharsets.UTF_8);
    private static final int LIMIT = 64 * 1024;

    private final WebhookGate gate = new WebhookGate(LIMIT, true, List.of(SECRET, OLD_SECRET),
            Duration.ofSeconds(300), CLOCK);

    @Test
    void shouldAdmitASignedBodyWithItsBytesKeyAndReceiveTime() {
        WebhookRequest request = gate.admit(stream(BODY), BODY.length, sign(SECRET, NOW, BODY), "key-1");

        assertThat(request.body()).isEqualTo(BODY);
        assertThat(request.idempotencyKey()).isEqualTo("key-1");
        assertThat(request.receivedAt()).isEqualTo(NOW);
    }

    @Test
    void shouldAdmitASignatureMadeWithTheSecretBeingRotatedOut() {
        assertThat(gate.admit(stream(BODY), -1, sign(OLD_SECRET, NOW, BODY), null).body()).isEqualTo(BODY);
    }

    @Test
    void shouldRefuseAMissingSignature() {
        assertThat(refusal(null, BODY)).isEqualTo(Verification.MISSING);
    }

    @Test
    void shouldRefuseASignatureMadeWithAnUnknownSecret() {
        assertThat(refusal(sign("not-a-configured-secret-000", NOW, BODY), BODY)).isEqualTo(Verification.MISMATCH);
    }

    @Test
    void shouldRefuseAnExpiredSignature() {
        assertThat(refusal(sign(SECRET, NOW.minusSeconds(301), BODY), BODY)).isEqualTo(Verification.EXPIRED);
    }

    @Test
    void shouldRefuseASignatureFromTheFuture() {
        assertThat(refusal(sign(SECRET, NOW.plusSeconds(301), BODY), BODY)).isEqualTo(Verification.FUTURE);
    }

    @Test
    void shouldRefuseABodyChangedAfterSigning() {
        byte[] changed = "{\"stemId\":\"s2\"}".getBytes(StandardCharsets.UTF_8);

        assertThat(refusal(sign(SECRET, NOW, BODY), changed)).isEqualTo(Verification.MISMATCH);
    }

    @Test
    void shouldExplainTheRefusalWithoutNamingASecret() {
        UnauthenticatedWebhookException refused = catchThrowableOfType(UnauthenticatedWebhookException.class,
                () -> gate.admit(stream(BODY), BODY.length, sign(SECRET, NOW.minusSeconds(400), BODY), null));

        assertThat(refused).hasMessage("the signature time t is more than 300 s in the past");
        assertThat(refused.getMessage()).doesNotContain(SECRET);
    }

    @Test
    void shouldRefuseABodyOverTheLimitByItsDeclaredLengthWithoutReadingIt() {
        InputStream unread = new InputStream() {
            @Override
            public int read() {
                throw new AssertionError("the body must not be read");
            }
        };

        assertThatThrownBy(() -> gate.admit(unread, LIMIT + 1, null, null))
                .isInstanceOf(PayloadTooLargeException.class)
                .hasMessage("body is larger than the limit of 65536 bytes");
    }

    @Test
    void shouldRefuseAChunkedBodyOverTheLimitWhileReadingIt() {
        byte[] oversize = new byte[LIMIT + 1];

        assertThatThrownBy(() -> gate.admit(stream(oversize), -1, sign(SECRET, NOW, oversize), null))
                .isInstanceOf(PayloadTooLargeException.class);
    }

    @Test
    void shouldAdmitABodyOfExactlyTheLimit() {
        byte[] atLimit = new byte[LIMIT];

        assertThat(gate.admit(stream(atLimit), -1, sign(SECRET, NOW, atLimit), null).body()).hasSize(LIMIT);
    }

    @Test
    void shouldAdmitUnsignedBodiesOnlyWhenVerificationIsOff() {
        WebhookGate open = new WebhookGate(LIMIT, false, List.of(), Duration.ofSeconds(300), CLOCK);

        assertThat(open.admit(stream(BODY), BODY.length, null, null).body()).isEqualTo(BODY);
        assertThat(open.admit(stream(BODY), BODY.length, "t=1,v1=garbage", null).body()).isEqualTo(BODY);
        assertThatThrownBy(() -> new WebhookGate(LIMIT, true, List.of(), Duration.ofSeconds(300), CLOCK))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldTreatABodyThatCannotBeReadAsMalformed() {
        InputStream broken = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("connection reset");
            }
        };

        assertThatThrownBy(() -> gate.admit(broken, 10, null, null))
                .isInstanceOf(MalformedWebhookException.class)
                .hasMessageContaining("connection reset");
    }

    private Verification refusal(String signature, byte[] body) {
        return catchThrowableOfType(UnauthenticatedWebhookException.class,
                () -> gate.admit(stream(body), body.length, signature, null)).verification();
    }

    private static String sign(String secret, Instant time, byte[] body) {
        return WebhookSignature.sign(secret, time.getEpochSecond(), body);
    }

    private static InputStream stream(byte[] bytes) {
        return new ByteArrayInputStream(bytes);
    }
}
