package io.waveflow.projections.generation;

import java.util.List;

/**
 * What {@code GET /admin/rebuild} shows: the generation readers see, whether a rebuild is under
 * way (a generation building, or a live one frozen for the switch), and each generation's progress.
 */
public record RebuildStatus(Integer liveGeneration, boolean rebuilding, List<GenerationProgress> generations) {
}
