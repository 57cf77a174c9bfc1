package io.waveflow.contracts.celery;

import java.util.List;
import java.util.Map;

/** A Celery task invocation: registered task name, task id, positional and keyword arguments. */
public record CeleryTask(String name, String id, List<Object> args, Map<String, Object> kwargs) {

    public CeleryTask {
        args = List.copyOf(args);
        // kwargs keep their order: it is the order workers log them in.
        kwargs = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(kwargs));
    }
}
