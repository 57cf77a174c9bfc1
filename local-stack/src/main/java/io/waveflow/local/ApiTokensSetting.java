package io.waveflow.local;

import java.nio.file.Path;

/**
 * The services' {@code WAVEFLOW_API_TOKENS} on the local stack: the user's exported value when
 * there is one, else an admin and a read-only token generated into the data directory
 * ({@code api-token-admin}, {@code api-token-read}) under the names {@code local-admin} and
 * {@code local-reader}. Either way the stack knows one token of each role to print and to hand to
 * its tests, when the setting has one.
 */
record ApiTokensSetting(String value, String adminToken, String readToken) {

    static final String VARIABLE = "WAVEFLOW_API_TOKENS";
    static final String ADMIN_FILE = "api-token-admin";
    static final String READ_FILE = "api-token-read";

    /** {@code exported} is the environment's value (null or blank when unset). */
    static ApiTokensSetting resolve(String exported, Path dataDir) {
        if (exported != null && !exported.isBlank()) {
            return new ApiTokensSetting(exported, firstOfRole(exported, "admin"), firstOfRole(exported, "read"));
        }
        String admin = KeptSecret.loadOrCreate(dataDir.resolve(ADMIN_FILE));
        String read = KeptSecret.loadOrCreate(dataDir.resolve(READ_FILE));
        return new ApiTokensSetting("local-admin:admin:" + admin + ",local-reader:read:" + read, admin, read);
    }

    /** The secret of the first {@code name:role:token} entry with that role, or null. */
    static String firstOfRole(String setting, String role) {
        for (String entry : setting.split(",")) {
            String[] parts = entry.trim().split(":", 3);
            if (parts.length == 3 && parts[1].trim().equals(role)) {
                return parts[2].trim();
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return "ApiTokensSetting[(hidden)]";
    }
}
