package io.waveflow.projections.api;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rules every query of the API applies to its parameters: an unknown one is refused (ignoring
 * a misspelt filter would silently answer something else), and a given one has exactly one value
 * that is not blank. Each refusal names the parameter.
 */
final class QueryParameters {

    private final Map<String, List<String>> parameters;

    private QueryParameters(Map<String, List<String>> parameters) {
        this.parameters = parameters;
    }

    /** The parameters, having refused any not in {@code known}. */
    static QueryParameters of(Map<String, List<String>> parameters, List<String> known) {
        Set<String> names = Set.copyOf(known);
        parameters.keySet().stream().filter(name -> !names.contains(name)).sorted().findFirst()
                .ifPresent(name -> {
                    throw new BadParameterException(name, known.isEmpty() ? "is not known; this endpoint takes none"
                            : "is not known; use " + list(known));
                });
        return new QueryParameters(parameters);
    }

    /** The parameter's one value, null when absent; present but blank or repeated is an error. */
    String single(String name) {
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

    /** The parameter's value, which must be one of {@code allowed}; null when absent. */
    String oneOf(String name, List<String> allowed) {
        String value = single(name);
        if (value != null && !allowed.contains(value)) {
            throw new BadParameterException(name, "must be one of " + String.join(", ", allowed));
        }
        return value;
    }

    /** The parameter as a whole number from {@code min} to {@code max}; {@code otherwise} when absent. */
    int wholeNumber(String name, int min, int max, int otherwise) {
        String text = single(name);
        if (text == null) {
            return otherwise;
        }
        int number;
        try {
            number = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new BadParameterException(name, "must be a whole number from " + min + " to " + max);
        }
        if (number < min || number > max) {
            throw new BadParameterException(name, "must be a whole number from " + min + " to " + max);
        }
        return number;
    }

    /** "a, b or c" */
    private static String list(List<String> names) {
        if (names.size() == 1) {
            return names.get(0);
        }
        return String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1);
    }
}
