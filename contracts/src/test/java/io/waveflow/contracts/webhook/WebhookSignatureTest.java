package io.waveflow.contracts.webhook;

import io.waveflow.contracts.webhook.WebhookSignature.Verification;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WebhookSignatureTest {

    private static final String SECRET = "wf_test_secret_0123456789abcdef";
    private static final String OLD_SECRET = "wf_old_secret_fedcba9876543210";
    private static final long T = 1_795_650_000L;
    private static final byte[] BODY = bytes("{\"stemId\":\"stem-1\",\"status\":\"SUCCESS\"}");
    private static final Duration TOLERANCE = WebhookSignature.DEFAULT_TOLERANCE;

    @Test
    void shouldMatchTheDocumentedOpensslVector() {
        // printf '%s.%s' 1795650000 '{"stemId":"stem-1","status":"SUCCESS"}' \
        //   | openssl dgst -sha256 -hmac 'wf_test_secret_0123456789abcdef'   (bridge/WEBHOOKS.md)
        assertThat(WebhookSignature.sign(SECRET, T, BODY)).isEqualTo(
                "t=1795650000,v1=6be0935a2450843161a0a2611feb4c1375068386aa5de95c69eee0e79224219d");
    }

    @Test
    void shouldAcceptItsOwnSignatureWithinTheTolerance() {
        String header = WebhookSignature.sign(SECRET, T, BODY);

        assertThat(verify(header, BODY, T)).isEqualTo(Verification.VALID);
        assertThat(verify(header, BODY, T + 300)).isEqualTo(Verification.VALID);
        assertThat(verify(header, BODY, T - 300)).isEqualTo(Verification.VALID);
    }

    @Test
    void shouldRefuseAnExpiredOrFutureTimestamp() {
        String header = WebhookSignature.sign(SECRET, T, BODY);

        assertThat(verify(header, BODY, T + 301)).isEqualTo(Verification.EXPIRED);
        assertThat(verify(header, BODY, T - 301)).isEqualTo(Verification.FUTURE);
    }

    @Test
    void shouldRefuseABodyChangedAfterSigningOrATimestampChangedAfterSigning() {
        String header = WebhookSignature.sign(SECRET, T, BODY);
        byte[] changed = bytes("{\"stemId\":\"stem-2\",\"status\":\"SUCCESS\"}");
        String otherTime = header.replace("t=" + T, "t=" + (T + 1));

        assertThat(verify(header, changed, T)).isEqualTo(Verification.MISMATCH);
        assertThat(verify(otherTime, BODY, T)).isEqualTo(Verification.MISMATCH);
    }

    @Test
    void shouldRefuseASignatureMadeWithAnotherSecret() {
        String header = WebhookSignature.sign("someone-elses-secret-000000", T, BODY);

        assertThat(verify(header, BODY, T)).isEqualTo(Verification.MISMATCH);
    }

    @Test
    void shouldAcceptEveryActiveSecretSoSecretsCanBeRotated() {
        List<String> rotating = List.of(SECRET, OLD_SECRET);

        assertThat(WebhookSignature.verify(WebhookSignature.sign(OLD_SECRET, T, BODY), BODY, rotating, T, TOLERANCE))
                .isEqualTo(Verification.VALID);
        assertThat(WebhookSignature.verify(WebhookSignature.sign(SECRET, T, BODY), BODY, rotating, T, TOLERANCE))
                .isEqualTo(Verification.VALID);
        assertThat(WebhookSignature.verify(WebhookSignature.sign(OLD_SECRET, T, BODY), BODY, List.of(SECRET), T,
                TOLERANCE)).isEqualTo(Verification.MISMATCH);
    }

    @Test
    void shouldAcceptAHeaderWithSeveralSignaturesAndElementsOfUnknownSchemes() {
        String oldV1 = WebhookSignature.sign(OLD_SECRET, T, BODY).substring(("t=" + T + ",").length());
        String newV1 = WebhookSignature.sign(SECRET, T, BODY).substring(("t=" + T + ",").length());

        assertThat(verify(" t=" + T + " , v0=zz, " + oldV1 + "," + newV1.toUpperCase().replace("V1", "v1"), BODY, T))
                .isEqualTo(Verification.VALID);
    }

    @Test
    void shouldTellAMissingHeaderFromAMalformedOne() {
        String v1 = "v1=" + "0".repeat(64);

        assertThat(verify(null, BODY, T)).isEqualTo(Verification.MISSING);
        assertThat(verify("  ", BODY, T)).isEqualTo(Verification.MISSING);
        for (String malformed : List.of("garbage", "t=" + T, v1, "t=abc," + v1, "t=-5," + v1, "t=1,t=2," + v1,
                "t=" + T + ",v1=abc", "t=" + T + ",v1=" + "g".repeat(64), "t=1234567890123," + v1,
                "t=" + T + "," + v1 + ",", "t=" + T + "," + v1 + "," + "x".repeat(1024))) {
            assertThat(verify(malformed, BODY, T)).as(malformed).isEqualTo(Verification.MALFORMED);
        }
    }

    @Test
    void shouldSignEmptyAndBinaryBodies() {
        byte[] binary = {(byte) 0xff, 0, (byte) 0xc3};

        assertThat(verify(WebhookSignature.sign(SECRET, T, new byte[0]), new byte[0], T)).isEqualTo(Verification.VALID);
        assertThat(verify(WebhookSignature.sign(SECRET, T, binary), binary, T)).isEqualTo(Verification.VALID);
    }

    @Test
    void shouldRefuseAnEmptySecretOrANegativeTime() {
        assertThatThrownBy(() -> WebhookSignature.sign("", T, BODY)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> WebhookSignature.sign(SECRET, -1, BODY)).isInstanceOf(IllegalArgumentException.class);
        assertThat(WebhookSignature.verify(WebhookSignature.sign(SECRET, T, BODY), BODY, List.of(""), T, TOLERANCE))
                .isEqualTo(Verification.MISMATCH);
    }

    private static Verification verify(String header, byte[] body, long now) {
        return WebhookSignature.verify(header, body, List.of(SECRET), now, TOLERANCE);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
