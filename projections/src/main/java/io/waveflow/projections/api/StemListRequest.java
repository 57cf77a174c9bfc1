package io.waveflow.projections.api;

import io.waveflow.projections.store.StemChanges;
import io.waveflow.projections.store.StemFilter;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The validated query of {@code GET /stems}: optional filters, a page size and where to continue.
 * Every rule names the parameter it refuses, so a client sees which one to fix; an unknown
 * parameter is refused too, since ignoring a misspelt filter would silently list everything.
 */
record StemListRequest(StemFilter filter, int limit, String afterStemId) {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 500;

    static final Set<String> STATUSES = Set.of(StemChanges.STATUS_PROCESSING, StemChanges.STATUS_DUPLICATE,
            StemChanges.STATUS_COMPLETED, StemChanges.STATUS_ERROR, StemChanges.STATUS_DELETED);

    private static final Set<String> PARAMETERS = Set.of("userId", "trackId", "status", "limit", "cursor");

    static StemListRequest parse(Map<String, List<String>> parameters) {
        parameters.keySet().stream().filter(name -> !PARAMETERS.contains(name)).sorted().findFirst()
                .ifPresent(name -> {
                    throw new BadParameterException(name, "is not known; use userId, trackId, status, limit or cursor");
                });
        String status = single(parameters, "status");
        if (status != null && !STATUSES.contains(status)) {
            throw new BadParameterException("status", "must be one of processing, duplicate, completed, error, deleted");
        }
        String cursor = single(parameters, "cursor");
        return new StemListRequest(
                new StemFilter(single(parameters, "userId"), single(parameters, "trackId"), status),
                limit(single(parameters, "limit")),
                cursor == null ? null : Cursor.stemIdOf(cursor));
    }

    private static int limit(String text) {
        if (text == null) {
            return DEFAULT_LIMIT;
        }
        int limit;
        try {
            limit = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new BadParameterException("limit", "must be a whole number from 1 to " + MAX_LIMIT);
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new BadParameterException("limit", "must be a whole number from 1 to " + MAX_LIMIT);
        }
        return limit;
    }

    /** The parameter's one value, null when absent; present but blank or repeated is an error. */
    private static String single(Map<String, List<String>> parameters, String name) {
        List<String> values = parameters.get(name);
        if (values == null || values.isEmpty()) {
            return null;
        }
        if (values.size() > 1) {
            throw new BadParameterException(name, "must be given at most once");
        }
        String value = values.get(0);
        if (value == null || value.isBlank()) {
            throw new BadParameterException(name, "must not be blank");
        }
        return value;
    }
}
