package io.waveflow.bridge.inbound;

/** One rejected field of a webhook request, named as the sender wrote it ({@code result.file_size}). */
public record InvalidField(String field, String message) {
}
