package io.waveflow.replay.filter;

import io.waveflow.replay.event.ReplayedEvent;

import java.util.HashSet;
import java.util.Set;

/**
 * Decides which events a replay writes. User and track come from the event's data when it
 * carries {@code userId}/{@code trackId} (inbound events, StemRegistered, every command). Events
 * without them (hash claimed, completed, failed, dead letters, ...) belong to a user or track
 * when an earlier event of the same stem in this read carried a matching one; so a stem is only
 * found when its first event lies in the replayed range. This filter is stateful: one per read.
 */
public final class EventFilter {

    private final Criteria criteria;
    private final TypeMatcher types;
    /** Stems whose latest event with a userId/trackId matched the user and track filters. */
    private final Set<String> ownedStems = new HashSet<>();

    public EventFilter(Criteria criteria) {
        this.criteria = criteria;
        this.types = new TypeMatcher(criteria.types());
    }

    public boolean accepts(ReplayedEvent event) {
        String stemId = event.stemId();
        // Learn ownership from every event, before the type filter: a StemRegistered teaches
        // the stem's user even when only HashClaimed events are wanted.
        if (!ownerMatches(event, stemId)) {
            return false;
        }
        if (!criteria.stems().isEmpty() && !criteria.stems().contains(stemId)) {
            return false;
        }
        return types.matches(event.type());
    }

    private boolean ownerMatches(ReplayedEvent event, String stemId) {
        if (criteria.users().isEmpty() && criteria.tracks().isEmpty()) {
            return true;
        }
        String userId = event.userId();
        String trackId = event.trackId();
        if (userId == null && trackId == null) {
            return stemId != null && ownedStems.contains(stemId);
        }
        boolean matches = (criteria.users().isEmpty() || criteria.users().contains(userId))
                && (criteria.tracks().isEmpty() || criteria.tracks().contains(trackId));
        if (stemId != null) {
            if (matches) {
                ownedStems.add(stemId);
            } else {
                ownedStems.remove(stemId);
            }
        }
        return matches;
    }
}
