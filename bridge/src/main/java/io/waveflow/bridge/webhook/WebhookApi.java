package io.waveflow.bridge.webhook;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.waveflow.bridge.inbound.InvalidField;
import io.waveflow.contracts.webhook.WebhookSignature;
import jakarta.servlet.http.HttpServletRequest;

import java.io.IOException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.List;

/**
 * The OpenAPI description of the webhook endpoints, kept apart from {@link WebhookController} so
 * the controller reads as code. The bodies are read raw, so their schemas are described here by
 * the records below, which exist for the document only.
 */
@Tag(name = "webhooks", description = "Facts from the uploader and the Celery workers; each becomes an inbound "
        + "event on Kafka before the answer. Every request must be signed: see bridge/WEBHOOKS.md.")
public interface WebhookApi {

    @Operation(summary = "An upload finished: starts stage 1 (hash)",
            description = "The bridge stamps `timestamp` with the receive time (ISO-8601 UTC, milliseconds).")
    @RequestBody(required = true, content = @Content(mediaType = "application/json",
            schema = @Schema(implementation = UploadComplete.class)))
    @Answers
    WebhookAccepted uploadComplete(@Parameter(hidden = true) HttpServletRequest request,
                                   @SignatureHeader String signature,
                                   @IdempotencyKeyHeader String idempotencyKey) throws IOException;

    @Operation(summary = "A worker hashed a stem's audio (stage 1 done)")
    @RequestBody(required = true, content = @Content(mediaType = "application/json",
            schema = @Schema(implementation = HashCheck.class)))
    @Answers
    WebhookAccepted hashCheck(@Parameter(hidden = true) HttpServletRequest request,
                              @SignatureHeader String signature,
                              @IdempotencyKeyHeader String idempotencyKey) throws IOException;

    @Operation(summary = "A worker finished a stage (analysis, duplicate clean-up, or a failure of any stage)",
            description = "`status` SUCCESS of analysis (or with no `task`) needs every analysis field in "
                    + "`result`; SUCCESS of `app.tasks.process_duplicate_file` needs none; any other status "
                    + "needs `result.error_message`.")
    @RequestBody(required = true, content = @Content(mediaType = "application/json",
            schema = @Schema(implementation = Completion.class)))
    @Answers
    WebhookAccepted completion(@Parameter(hidden = true) HttpServletRequest request,
                               @SignatureHeader String signature,
                               @IdempotencyKeyHeader String idempotencyKey) throws IOException;

    String ID = "[A-Za-z0-9._:-]{1,128}";
    String HEX_HASH = "[0-9a-fA-F]{8,128}";
    String ISO_TIME = "ISO-8601 date-time, with or without offset, e.g. 2026-11-26T01:00:00.000Z";

    @Schema(name = "UploadComplete", description = "Unknown fields are ignored.")
    record UploadComplete(
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, pattern = ID) String userId,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, pattern = ID) String trackId,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, pattern = ID) String stemId,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, maxLength = 4096) String filepath,
            @Schema(name = "original_filename", requiredMode = Schema.RequiredMode.REQUIRED, maxLength = 4096)
            String originalFilename) {
    }

    @Schema(name = "HashCheck", description = "Unknown fields are ignored.")
    record HashCheck(
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, pattern = ID) String stemId,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, pattern = ID) String userId,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, pattern = ID) String trackId,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, maxLength = 4096) String filepath,
            @Schema(name = "audio_hash", requiredMode = Schema.RequiredMode.REQUIRED, pattern = HEX_HASH)
            String audioHash,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = ISO_TIME) String timestamp,
            @Schema(name = "original_filename", requiredMode = Schema.RequiredMode.REQUIRED, maxLength = 4096)
            String originalFilename,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, maxLength = 4096) String status) {
    }

    @Schema(name = "Completion", description = "Unknown fields are ignored.")
    record Completion(
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, pattern = ID) String stemId,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "SUCCESS, or any failure status")
            String status,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = ISO_TIME) String timestamp,
            @Schema(description = "The Celery task name; when absent the workflow knows the stage",
                    allowableValues = {"app.tasks.generate_hash_and_webhook", "app.tasks.process_duplicate_file",
                            "app.tasks.process_audio_analysis"}) String task,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED) CompletionResult result) {
    }

    @Schema(name = "CompletionResult", description = "On SUCCESS of analysis the six analysis fields are "
            + "required; on SUCCESS of another task none; otherwise error_message is required and error_code "
            + "optional.")
    record CompletionResult(
            @Schema(name = "audio_data_hash", pattern = HEX_HASH) String audioDataHash,
            @Schema(name = "waveform_data_path", maxLength = 4096) String waveformDataPath,
            @Schema(name = "file_size", minimum = "0") Long fileSize,
            @Schema(minimum = "0") Double duration,
            @Schema(name = "sample_rate", minimum = "1") Integer sampleRate,
            @Schema(name = "num_peaks", minimum = "1") Integer numPeaks,
            @Schema(name = "error_message", maxLength = 65536) String errorMessage,
            @Schema(name = "error_code", description = "a string or a whole number", maxLength = 4096)
            String errorCode) {
    }

    @Schema(name = "Problem", description = "RFC 9457 problem details; `errors` names every rejected field "
            + "(or header, or `$` for the whole body).")
    record Problem(
            @Schema(example = "about:blank") String type,
            @Schema(example = "Invalid webhook payload") String title,
            @Schema(example = "400") int status,
            @Schema(example = "1 field is invalid") String detail,
            @Schema(example = "/webhook/hash-check") String instance,
            List<InvalidField> errors) {
    }

    /** The signature header, documented as required (it is, unless verification is switched off). */
    @Target(ElementType.PARAMETER)
    @Retention(RetentionPolicy.RUNTIME)
    @Parameter(name = WebhookSignature.HEADER, in = ParameterIn.HEADER, required = true,
            description = "t=<unix seconds>,v1=<hex HMAC-SHA256 of \"<t>.<raw body>\">; see bridge/WEBHOOKS.md",
            example = "t=1795650000,v1=6be0935a2450843161a0a2611feb4c1375068386aa5de95c69eee0e79224219d")
    @interface SignatureHeader {
    }

    @Target(ElementType.PARAMETER)
    @Retention(RetentionPolicy.RUNTIME)
    @Parameter(name = WebhookMapper.IDEMPOTENCY_KEY, in = ParameterIn.HEADER,
            description = "Optional; at most 255 visible ASCII characters. When present the event id derives from "
                    + "it instead of the body, so a redelivery with a changed body keeps its id.")
    @interface IdempotencyKeyHeader {
    }

    /** Every answer a webhook can get. */
    @Target(ElementType.METHOD)
    @Retention(RetentionPolicy.RUNTIME)
    @ApiResponse(responseCode = "200", description = "Stored on Kafka (acks=all) before this answer",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = WebhookAccepted.class)))
    @ApiResponse(responseCode = "400", description = "Malformed JSON, or invalid fields (all named in `errors`)",
            content = @Content(mediaType = "application/problem+json",
                    schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "401", description = "Missing, malformed, wrong, expired or future signature",
            content = @Content(mediaType = "application/problem+json",
                    schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "413", description = "Body over the size limit (default 64 KiB)",
            content = @Content(mediaType = "application/problem+json",
                    schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "415", description = "Content-Type is not application/json",
            content = @Content(mediaType = "application/problem+json",
                    schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "503", description = "Kafka did not acknowledge in time; send the same request later",
            headers = @Header(name = "Retry-After", description = "seconds", schema = @Schema(type = "integer")),
            content = @Content(mediaType = "application/problem+json",
                    schema = @Schema(implementation = Problem.class)))
    @interface Answers {
    }
}
