package io.waveflow.projections.store;

/** Which stems a listing returns; a null field does not filter. */
public record StemFilter(String userId, String trackId, String status, String stage) {
}
