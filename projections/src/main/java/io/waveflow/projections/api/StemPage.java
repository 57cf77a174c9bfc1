package io.waveflow.projections.api;

import io.waveflow.projections.store.Stem;

import java.util.List;

/** A page of {@code GET /stems}; pass {@code nextCursor} back as {@code cursor} for the next, null after the last. */
record StemPage(List<Stem> items, String nextCursor) {
}
