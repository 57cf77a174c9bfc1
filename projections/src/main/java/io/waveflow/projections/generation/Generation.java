package io.waveflow.projections.generation;

import java.time.Instant;

/** One row of {@code read_model_generation}. */
public record Generation(int number, GenerationState state, Instant createdAt, Instant switchedAt) {
}
