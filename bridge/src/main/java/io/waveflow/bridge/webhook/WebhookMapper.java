package io.waveflow.bridge.webhook;

import io.waveflow.bridge.inbound.EventIds;
import io.waveflow.bridge.inbound.FieldReader;
import io.waveflow.bridge.inbound.InboundPayloads;
import io.waveflow.bridge.inbound.WebhookRequest;
import io.waveflow.contracts.Stage;
import io.waveflow.contracts.inbound.CompletionResult;
import io.waveflow.contracts.inbound.HashReported;
import io.waveflow.contracts.inbound.ProcessingCompleted;
import io.waveflow.contracts.inbound.UploadCompleted;

import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Turns the seed's webhook bodies (DESIGN.md §2, field names exactly as workers send them) into
 * inbound events, or explains every bad field; the upload's fields are those the outbox reports too
 * ({@link InboundPayloads}). Pure: the same request always gives the same event.
 */
public final class WebhookMapper {

    /** The seed's {@code new Date().toISOString()} shape: UTC, milliseconds, {@code Z}. */
    public static final DateTimeFormatter TIMESTAMP = InboundPayloads.TIMESTAMP;

    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    static final int IDEMPOTENCY_KEY_MAX_LENGTH = 255;
    /** Worker error messages may carry a traceback; they are kept whole up to this length. */
    static final int ERROR_MESSAGE_MAX_LENGTH = 65_536;

    /** What a successful analysis reports, all required once any is there (see {@link #success}). */
    private static final String[] ANALYSIS_FIELDS = {"audio_data_hash", "waveform_data_path", "file_size",
            "duration", "sample_rate", "num_peaks"};
    private static final Pattern VISIBLE_ASCII = Pattern.compile("[\\x20-\\x7E]+");

    private WebhookMapper() {
    }

    /** {@code POST /upload-complete}; the bridge stamps {@code timestamp} with the receive time. */
    public static UploadCompleted uploadCompleted(WebhookRequest request) {
        return InboundPayloads.uploadCompleted(stemId -> EventIds.of(UploadCompleted.class, stemId, request),
                request.receivedAt(), read(request));
    }

    /** {@code POST /webhook/hash-check}. */
    public static HashReported hashReported(WebhookRequest request) {
        FieldReader body = read(request);
        String stemId = body.id("stemId");
        String userId = body.id("userId");
        String trackId = body.id("trackId");
        String filepath = body.text("filepath");
        String audioHash = body.hexHash("audio_hash");
        String timestamp = body.timestamp("timestamp");
        String originalFilename = body.text("original_filename");
        String status = body.text("status");
        body.requireValid();
        return new HashReported(EventIds.of(HashReported.class, stemId, request), request.receivedAt(),
                stemId, userId, trackId, filepath, audioHash, timestamp, originalFilename, status);
    }

    /**
     * {@code POST /webhook/completion}: on {@code SUCCESS} of analysis the result must hold all six
     * analysis fields; a successful duplicate clean-up or hash task needs none. A success that names
     * no task (the seed's workers send none) is judged by the workflow against the stage the stem
     * awaits: here it needs all six fields only once it carries any of them, so a duplicate
     * clean-up's {@code "result": {}} is accepted. Any other status needs an {@code error_message}
     * and, when the worker has one, an {@code error_code}.
     */
    public static ProcessingCompleted processingCompleted(WebhookRequest request) {
        FieldReader body = read(request);
        String stemId = body.id("stemId");
        String status = body.text("status");
        String timestamp = body.timestamp("timestamp");
        String task = body.optionalText("task", FieldReader.TEXT_MAX_LENGTH);
        if (task != null && Stage.ofTaskName(task).isEmpty()) {
            body.reject("task", "is not a Waveflow Celery task");
        }
        Optional<FieldReader> resultFields = body.object("result");
        CompletionResult result = status == null ? null : resultFields
                .map(fields -> !ProcessingCompleted.SUCCESS.equals(status) ? failure(fields)
                        : carriesAnalysis(task, fields) ? success(fields)
                        : CompletionResult.success(null, null, null, null, null, null))
                .orElse(null);
        body.requireValid();
        return new ProcessingCompleted(EventIds.of(ProcessingCompleted.class, stemId, request),
                request.receivedAt(), stemId, task, status, timestamp, result);
    }

    private static boolean carriesAnalysis(String task, FieldReader result) {
        if (task != null) {
            return Stage.ofTaskName(task).orElse(null) == Stage.ANALYSIS;
        }
        return result.hasAny(ANALYSIS_FIELDS);
    }

    private static CompletionResult success(FieldReader result) {
        return CompletionResult.success(
                result.hexHash("audio_data_hash"),
                result.text("waveform_data_path"),
                result.wholeNumber("file_size", 0, Long.MAX_VALUE),
                result.number("duration", 0),
                result.wholeInt("sample_rate", 1),
                result.wholeInt("num_peaks", 1));
    }

    private static CompletionResult failure(FieldReader result) {
        return CompletionResult.failure(
                result.multilineText("error_message", ERROR_MESSAGE_MAX_LENGTH),
                result.optionalTextOrInteger("error_code", FieldReader.TEXT_MAX_LENGTH));
    }

    private static FieldReader read(WebhookRequest request) {
        FieldReader reader = InboundPayloads.read(request.body());
        String key = request.idempotencyKey();
        if (key != null && (key.length() > IDEMPOTENCY_KEY_MAX_LENGTH || !VISIBLE_ASCII.matcher(key).matches())) {
            reader.reject(IDEMPOTENCY_KEY, "must be at most " + IDEMPOTENCY_KEY_MAX_LENGTH
                    + " visible ASCII characters");
        }
        return reader;
    }
}
