package io.waveflow.bench;

import java.net.URI;

/**
 * One of the two designs the suite drives with the same load and the same worker simulator: where
 * uploads go, which simulator answers its tasks, and where a stem's final state shows up.
 *
 * @param finalQuery SQL selecting {@code stem_id, status} of the final stems among the ids bound to
 *                   its one parameter, a {@code text[]}
 */
record Design(String label, URI uploads, WorkerSimulator workers, String finalQuery) {

    static Design waveflow(URI bridge, WorkerSimulator workers) {
        // The read model: a stem is final once done (completed or duplicate settled) or failed.
        return new Design("Waveflow", bridge.resolve("/upload-complete"), workers,
                "SELECT stem_id, status FROM stem WHERE stem_id = ANY(?) AND (stage = 'done' OR status = 'error')");
    }

    static Design seed(SeedBaseline baseline, WorkerSimulator workers) {
        // The seed writes a stem's row once, at its (analysis or duplicate clean-up) completion.
        return new Design("seed-style", baseline.url().resolve("/upload-complete"), workers,
                "SELECT stem_id, status FROM seed.stem_file WHERE stem_id = ANY(?)");
    }
}
