package io.waveflow.bridge.webhook;

import io.waveflow.bridge.inbound.FieldReader;
import io.waveflow.bridge.inbound.InvalidField;
import io.waveflow.bridge.inbound.InvalidWebhookException;
import io.waveflow.bridge.inbound.MalformedWebhookException;
import io.waveflow.bridge.inbound.WebhookRequest;
import io.waveflow.contracts.inbound.CompletionResult;
import io.waveflow.contracts.inbound.HashReported;
import io.waveflow.contracts.inbound.ProcessingCompleted;
import io.waveflow.contracts.inbound.UploadCompleted;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class WebhookMapperTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-26T01:02:03.456789Z"), ZoneOffset.UTC);
    private static final Instant RECEIVED = Instant.parse("2026-11-26T01:02:03.456Z");

    @Test
    void shouldMapUploadCompleteAndStampTheReceiveTimeInTheSeedFormat() {
        UploadCompleted event = WebhookMapper.uploadCompleted(request("""
                {"userId":"u1","trackId":"t1","stemId":"s1","filepath":"stems/s1.wav","original_filename":"Bass.wav"}
                """));

        assertThat(event).usingRecursiveComparison().ignoringFields("id").isEqualTo(new UploadCompleted(
                null, RECEIVED, "s1", "u1", "t1", "stems/s1.wav", "Bass.wav", "2026-11-26T01:02:03.456Z"));
        assertThat(event.id()).hasSize(64);
    }

    @Test
    void shouldKeepTheMillisecondsWhenTheClockIsOnAWholeSecond() {
        Clock wholeSecond = Clock.fixed(Instant.parse("2026-11-26T01:02:03Z"), ZoneOffset.UTC);
        UploadCompleted event = WebhookMapper.uploadCompleted(WebhookRequest.of(bytes("""
                {"userId":"u1","trackId":"t1","stemId":"s1","filepath":"f","original_filename":"o"}
                """), null, wholeSecond));

        assertThat(event.timestamp()).isEqualTo("2026-11-26T01:02:03.000Z");
    }

    @Test
    void shouldMapHashCheckWithTheSeedFieldNames() {
        HashReported event = WebhookMapper.hashReported(request("""
                {"stemId":"s1","userId":"u1","trackId":"t1","filepath":"stems/s1.wav","audio_hash":"abc12345",
                 "timestamp":"2026-11-26T01:00:00.000Z","original_filename":"Bass.wav","status":"SUCCESS"}
                """));

        assertThat(event).usingRecursiveComparison().ignoringFields("id").isEqualTo(new HashReported(
                null, RECEIVED, "s1", "u1", "t1", "stems/s1.wav", "abc12345", "2026-11-26T01:00:00.000Z",
                "Bass.wav", "SUCCESS"));
    }

    @Test
    void shouldMapASuccessfulCompletionWithItsAnalysisResult() {
        ProcessingCompleted event = WebhookMapper.processingCompleted(request("""
                {"stemId":"s1","status":"SUCCESS","timestamp":"2026-11-26T01:01:00.000Z","task":"app.tasks.process_audio_analysis",
                 "result":{"audio_data_hash":"9f86d081","waveform_data_path":"w/s1.json","file_size":1048576,
                           "duration":183.25,"sample_rate":44100,"num_peaks":1024}}
                """));

        assertThat(event.task()).isEqualTo("app.tasks.process_audio_analysis");
        assertThat(event.succeeded()).isTrue();
        assertThat(event.result()).isEqualTo(
                CompletionResult.success("9f86d081", "w/s1.json", 1_048_576L, 183.25, 44_100, 1024));
    }

    @Test
    void shouldMapAFailedCompletionWithANumericErrorCodeAsText() {
        ProcessingCompleted event = WebhookMapper.processingCompleted(request("""
                {"stemId":"s1","status":"FAILURE","timestamp":"2026-11-26T01:01:00.000Z",
                 "result":{"error_message":"cannot decode audio","error_code":42}}
                """));

        assertThat(event.task()).isNull();
        assertThat(event.result()).isEqualTo(CompletionResult.failure("cannot decode audio", "42"));
    }

    @Test
    void shouldNameEveryMissingOrBlankField() {
        InvalidWebhookException rejected = rejected(() -> WebhookMapper.uploadCompleted(request("""
                {"userId":"","trackId":"   ","filepath":null}
                """)));

        assertThat(rejected.errors()).containsExactly(
                new InvalidField("userId", "must not be blank"),
                new InvalidField("trackId", "must not be blank"),
                new InvalidField("stemId", "is required"),
                new InvalidField("filepath", "is required"),
                new InvalidField("original_filename", "is required"));
    }

    @Test
    void shouldRejectFieldsOfTheWrongJsonType() {
        InvalidWebhookException rejected = rejected(() -> WebhookMapper.processingCompleted(request("""
                {"stemId":7,"status":"SUCCESS","timestamp":true,
                 "result":{"audio_data_hash":"9f86d081","waveform_data_path":"w","file_size":"10",
                           "duration":"long","sample_rate":44100.5,"num_peaks":0}}
                """)));

        assertThat(rejected.errors()).containsExactly(
                new InvalidField("stemId", "must be a string"),
                new InvalidField("timestamp", "must be a string"),
                new InvalidField("result.file_size", "must be a whole number"),
                new InvalidField("result.duration", "must be a number"),
                new InvalidField("result.sample_rate", "must be a whole number"),
                new InvalidField("result.num_peaks", "must be between 1 and 2147483647"));
    }

    @Test
    void shouldBoundIdsInLengthAndAlphabet() {
        String tooLong = "s".repeat(FieldReader.ID_MAX_LENGTH + 1);
        InvalidWebhookException rejected = rejected(() -> WebhookMapper.uploadCompleted(request(
                "{\"userId\":\"u/1\",\"trackId\":\"t 1\",\"stemId\":\"" + tooLong
                        + "\",\"filepath\":\"f\",\"original_filename\":\"o\"}")));

        assertThat(rejected.errors()).containsExactly(
                new InvalidField("userId", "may contain only letters, digits and . _ : -"),
                new InvalidField("trackId", "may contain only letters, digits and . _ : -"),
                new InvalidField("stemId", "must be at most 128 characters"));
    }

    @Test
    void shouldAcceptIdsWithEveryAllowedCharacter() {
        UploadCompleted event = WebhookMapper.uploadCompleted(request("""
                {"userId":"user-1_a.b:c","trackId":"T9","stemId":"%s","filepath":"f","original_filename":"o"}
                """.formatted("s".repeat(FieldReader.ID_MAX_LENGTH))));

        assertThat(event.userId()).isEqualTo("user-1_a.b:c");
    }

    @Test
    void shouldIgnoreUnknownFields() {
        UploadCompleted event = WebhookMapper.uploadCompleted(request("""
                {"userId":"u1","trackId":"t1","stemId":"s1","filepath":"f","original_filename":"o",
                 "extra":{"nested":[1,2,3]},"timestamp":"ignored: the bridge stamps its own"}
                """));

        assertThat(event.timestamp()).isEqualTo("2026-11-26T01:02:03.456Z");
    }

    @Test
    void shouldRejectNumbersBeyondTheirRangeWithoutFailing() {
        InvalidWebhookException rejected = rejected(() -> WebhookMapper.processingCompleted(request("""
                {"stemId":"s1","status":"SUCCESS","timestamp":"2026-11-26T01:01:00.000Z",
                 "result":{"audio_data_hash":"9f86d081","waveform_data_path":"w","file_size":9223372036854775808,
                           "duration":1%s,"sample_rate":2147483648,"num_peaks":1e3}}
                """.formatted("0".repeat(400)))));

        assertThat(rejected.errors()).containsExactly(
                new InvalidField("result.file_size", "must be a whole number"),
                new InvalidField("result.duration", "must be a number of at least 0.0"),
                new InvalidField("result.sample_rate", "must be between 1 and 2147483647"),
                new InvalidField("result.num_peaks", "must be a whole number"));
    }

    @Test
    void shouldRequireEveryAnalysisFieldOnSuccess() {
        InvalidWebhookException rejected = rejected(() -> WebhookMapper.processingCompleted(request("""
                {"stemId":"s1","status":"SUCCESS","timestamp":"2026-11-26T01:01:00.000Z",
                 "task":"app.tasks.process_audio_analysis","result":{"error_message":"x"}}
                """)));

        assertThat(rejected.errors()).extracting(InvalidField::field).containsExactly(
                "result.audio_data_hash", "result.waveform_data_path", "result.file_size",
                "result.duration", "result.sample_rate", "result.num_peaks");
    }

    @Test
    void shouldRequireEveryAnalysisFieldOnceATaskLessSuccessCarriesAny() {
        InvalidWebhookException rejected = rejected(() -> WebhookMapper.processingCompleted(request("""
                {"stemId":"s1","status":"SUCCESS","timestamp":"2026-11-26T01:01:00.000Z",
                 "result":{"audio_data_hash":"9f86d081"}}
                """)));

        assertThat(rejected.errors()).extracting(InvalidField::field).containsExactly(
                "result.waveform_data_path", "result.file_size", "result.duration", "result.sample_rate",
                "result.num_peaks");
    }

    @Test
    void shouldLeaveATaskLessSuccessWithoutResultFieldsToTheWorkflow() {
        // The seed's workers name no task: a duplicate clean-up reports {"result": {}}. Only the
        // workflow knows which stage the stem awaits, so the bridge accepts it and lets it judge.
        ProcessingCompleted event = WebhookMapper.processingCompleted(request("""
                {"stemId":"s2","status":"SUCCESS","timestamp":"2026-11-26T01:01:00.000Z","result":{}}
                """));

        assertThat(event.task()).isNull();
        assertThat(event.succeeded()).isTrue();
        assertThat(event.result()).isEqualTo(CompletionResult.success(null, null, null, null, null, null));
    }

    @Test
    void shouldAcceptASuccessfulDuplicateCleanUpWithoutAnalysisFields() {
        ProcessingCompleted event = WebhookMapper.processingCompleted(request("""
                {"stemId":"s2","status":"SUCCESS","timestamp":"2026-11-26T01:01:00.000Z",
                 "task":"app.tasks.process_duplicate_file","result":{}}
                """));

        assertThat(event.succeeded()).isTrue();
        assertThat(event.task()).isEqualTo("app.tasks.process_duplicate_file");
        assertThat(event.result()).isEqualTo(CompletionResult.success(null, null, null, null, null, null));
    }

    @Test
    void shouldRequireAResultObjectAndAKnownTaskName() {
        InvalidWebhookException rejected = rejected(() -> WebhookMapper.processingCompleted(request("""
                {"stemId":"s1","status":"FAILURE","timestamp":"2026-11-26T01:01:00.000Z","task":"app.tasks.nope","result":"oops"}
                """)));

        assertThat(rejected.errors()).containsExactly(
                new InvalidField("task", "is not a Waveflow Celery task"),
                new InvalidField("result", "must be an object"));
    }

    @Test
    void shouldRejectMalformedJson() {
        for (String body : new String[] {"{\"stemId\":", "not json", "{\"stemId\":\"a\",\"stemId\":\"b\"}",
                "{\"stemId\":\"a\"} {}", ""}) {
            assertThatThrownBy(() -> WebhookMapper.hashReported(request(body)))
                    .as(body)
                    .isInstanceOf(MalformedWebhookException.class);
        }
    }

    @Test
    void shouldRejectInvalidUtf8EvenInsideAPropertyName() {
        byte[] valid = bytes("""
                {"userId":"u1","trackId":"t1","stemId":"s1","filepath":"f","original_filename":"o"}""");
        int at = new String(valid, StandardCharsets.UTF_8).indexOf("stemId") + 4;
        for (byte[] invalid : new byte[][] {{(byte) 0xff}, {(byte) 0x80}, {(byte) 0xc3, 0x28},
                {(byte) 0xed, (byte) 0xa0, (byte) 0x80}}) {
            byte[] body = new byte[valid.length + invalid.length];
            System.arraycopy(valid, 0, body, 0, at);
            System.arraycopy(invalid, 0, body, at, invalid.length);
            System.arraycopy(valid, at, body, at + invalid.length, valid.length - at);

            assertThatThrownBy(() -> WebhookMapper.uploadCompleted(WebhookRequest.of(body, null, CLOCK)))
                    .isInstanceOf(MalformedWebhookException.class)
                    .hasMessage("body is not valid UTF-8");
        }
    }

    @Test
    void shouldRejectABodyThatIsNotAnObject() {
        InvalidWebhookException rejected = rejected(() -> WebhookMapper.hashReported(request("[1,2]")));

        assertThat(rejected.errors()).containsExactly(new InvalidField("$", "must be a JSON object"));
    }

    @Test
    void shouldRejectAnIdempotencyKeyWithControlCharacters() {
        WebhookRequest request = WebhookRequest.of(bytes("""
                {"userId":"u1","trackId":"t1","stemId":"s1","filepath":"f","original_filename":"o"}
                """), "key\u0007", CLOCK);

        InvalidWebhookException rejected = rejected(() -> WebhookMapper.uploadCompleted(request));

        assertThat(rejected.errors()).extracting(InvalidField::field).containsExactly("Idempotency-Key");
    }

    @Test
    void shouldRequireAHexAudioHashOfASaneLength() {
        for (String hash : new String[] {"abc1234", "9f86d08g", "a".repeat(FieldReader.HASH_MAX_LENGTH + 1), " 9f86d081"}) {
            InvalidWebhookException rejected = rejected(() -> WebhookMapper.hashReported(request(hashCheck(
                    hash, "2026-11-26T01:00:00.000Z"))));

            assertThat(rejected.errors()).as(hash).extracting(InvalidField::field).containsExactly("audio_hash");
        }
        for (String hash : new String[] {"9f86d081", "D41D8CD98F00B204E9800998ECF8427E", "a".repeat(128)}) {
            assertThat(WebhookMapper.hashReported(request(hashCheck(hash, "2026-11-26T01:00:00.000Z"))).audioHash())
                    .isEqualTo(hash);
        }
    }

    @Test
    void shouldRequireIso8601Timestamps() {
        for (String timestamp : new String[] {"ts", "2026-11-26", "2026-02-30T01:00:00Z", "2026-11-26 01:00:00",
                "1795650000", "2026-11-26T25:00:00Z"}) {
            InvalidWebhookException rejected = rejected(() -> WebhookMapper.hashReported(request(hashCheck(
                    "9f86d081", timestamp))));

            assertThat(rejected.errors()).as(timestamp).containsExactly(new InvalidField("timestamp",
                    "must be an ISO-8601 date-time such as 2026-11-26T01:00:00.000Z"));
        }
        for (String timestamp : new String[] {"2026-11-26T01:00:00.000Z", "2026-11-26T01:00:00Z",
                "2026-11-26T10:00:00.123456+09:00", "2026-11-26T01:00:00.123456"}) {
            assertThat(WebhookMapper.hashReported(request(hashCheck("9f86d081", timestamp))).timestamp())
                    .isEqualTo(timestamp);
        }
    }

    @Test
    void shouldRefuseControlCharactersAndLoneSurrogatesButKeepATracebacksLineBreaks() {
        InvalidWebhookException rejected = rejected(() -> WebhookMapper.uploadCompleted(request("""
                {"userId":"u1","trackId":"t1","stemId":"s1","filepath":"a\\u0000b","original_filename":"\\ud800.wav"}
                """)));
        ProcessingCompleted failed = WebhookMapper.processingCompleted(request("""
                {"stemId":"s1","status":"FAILURE","timestamp":"2026-11-26T01:01:00Z",
                 "result":{"error_message":"Traceback:\\n\\tline 1\\r\\n"}}
                """));

        assertThat(rejected.errors()).containsExactly(
                new InvalidField("filepath", "must not contain control characters"),
                new InvalidField("original_filename", "must be valid Unicode (no lone surrogate)"));
        assertThat(failed.result().errorMessage()).isEqualTo("Traceback:\n\tline 1\r\n");
    }

    private static String hashCheck(String audioHash, String timestamp) {
        return """
                {"stemId":"s1","userId":"u1","trackId":"t1","filepath":"f","audio_hash":"%s",
                 "timestamp":"%s","original_filename":"o","status":"SUCCESS"}
                """.formatted(audioHash, timestamp);
    }

    private static WebhookRequest request(String json) {
        return WebhookRequest.of(bytes(json), null, CLOCK);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static InvalidWebhookException rejected(Runnable mapping) {
        return catchThrowableOfType(InvalidWebhookException.class, mapping::run);
    }
}
