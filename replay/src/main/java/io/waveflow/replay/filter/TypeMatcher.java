package io.waveflow.replay.filter;

import java.util.Collection;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Matches CloudEvents types against what an analyst typed: the full type
 * ({@code io.waveflow.inbound.UploadCompleted.v1}), the type without its version
 * ({@code io.waveflow.inbound.UploadCompleted}, any version), or the bare name
 * ({@code UploadCompleted}). No names means every type.
 */
public final class TypeMatcher {

    private static final Pattern VERSION = Pattern.compile("\\.v\\d+$");

    private final Set<String> names;

    public TypeMatcher(Collection<String> names) {
        this.names = Set.copyOf(names);
    }

    public boolean matches(String type) {
        if (names.isEmpty()) {
            return true;
        }
        if (type == null) {
            return false;
        }
        String unversioned = VERSION.matcher(type).replaceFirst("");
        String bare = unversioned.substring(unversioned.lastIndexOf('.') + 1);
        return names.contains(type) || names.contains(unversioned) || names.contains(bare);
    }
}
