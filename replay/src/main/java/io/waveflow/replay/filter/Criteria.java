package io.waveflow.replay.filter;

import java.util.Set;

/** The analyst's filters; an empty set does not filter. Values within one set are alternatives. */
public record Criteria(Set<String> stems, Set<String> users, Set<String> tracks, Set<String> types) {

    public static final Criteria NONE = new Criteria(Set.of(), Set.of(), Set.of(), Set.of());

    public Criteria {
        stems = Set.copyOf(stems);
        users = Set.copyOf(users);
        tracks = Set.copyOf(tracks);
        types = Set.copyOf(types);
    }
}
