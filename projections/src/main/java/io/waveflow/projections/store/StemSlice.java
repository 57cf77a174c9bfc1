package io.waveflow.projections.store;

import java.util.List;

/** One page of a stem listing, in stem id order, and whether stems follow it. */
public record StemSlice(List<Stem> stems, boolean more) {

    public StemSlice {
        stems = List.copyOf(stems);
    }
}
