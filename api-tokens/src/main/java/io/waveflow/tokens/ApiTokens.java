package io.waveflow.tokens;

import io.waveflow.contracts.Sha256;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The tokens of {@code WAVEFLOW_API_TOKENS}: comma-separated {@code name:role:token} entries,
 * several at once so a token can be rotated without downtime. A presented token is compared with
 * every configured one in constant time (digests of equal length, no early exit), so the answer's
 * timing says nothing about how much of a token was right.
 */
public final class ApiTokens {

    /** Shorter secrets are refused: a token is the only thing between the network and the admin API. */
    public static final int MIN_SECRET_LENGTH = 16;

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private final List<ApiToken> tokens;

    private ApiTokens(List<ApiToken> tokens) {
        this.tokens = List.copyOf(tokens);
    }

    /**
     * Parses the setting; throws {@link IllegalArgumentException} naming the entry (by position and
     * name, never the secret) that is wrong.
     */
    public static ApiTokens parse(String setting) {
        if (setting == null || setting.isBlank()) {
            throw new IllegalArgumentException("WAVEFLOW_API_TOKENS must hold at least one name:role:token entry");
        }
        List<ApiToken> tokens = new ArrayList<>();
        Set<String> names = new HashSet<>();
        String[] entries = setting.split(",");
        for (int i = 0; i < entries.length; i++) {
            String entry = entries[i].trim();
            String[] parts = entry.split(":", 3);
            String where = "WAVEFLOW_API_TOKENS entry " + (i + 1);
            if (parts.length != 3) {
                throw new IllegalArgumentException(where + " is not name:role:token");
            }
            String name = parts[0].trim();
            if (!NAME.matcher(name).matches()) {
                throw new IllegalArgumentException(where + ": the name must be 1-64 letters, digits, '.', '_' or '-'");
            }
            where += " (" + name + ")";
            if (!names.add(name)) {
                throw new IllegalArgumentException(where + ": the name is used twice");
            }
            Role role;
            try {
                role = Role.ofWord(parts[1].trim());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ": " + e.getMessage());
            }
            String secret = parts[2].trim();
            if (secret.length() < MIN_SECRET_LENGTH) {
                throw new IllegalArgumentException(where + ": the token must be at least " + MIN_SECRET_LENGTH
                        + " characters");
            }
            tokens.add(new ApiToken(name, role, sha256(secret)));
        }
        return new ApiTokens(tokens);
    }

    /** The configured token equal to {@code presented}, if any; the same work whatever the answer. */
    public Optional<ApiToken> find(String presented) {
        if (presented == null) {
            return Optional.empty();
        }
        byte[] digest = sha256(presented);
        ApiToken match = null;
        for (ApiToken token : tokens) {
            if (MessageDigest.isEqual(token.secretSha256(), digest)) {
                match = token;
            }
        }
        return Optional.ofNullable(match);
    }

    public List<ApiToken> tokens() {
        return tokens;
    }

    private static byte[] sha256(String text) {
        return Sha256.digest().digest(text.getBytes(StandardCharsets.UTF_8));
    }
}
