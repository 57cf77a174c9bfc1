package io.waveflow.tokens;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

import java.util.List;
import java.util.Locale;

/** What a token may do: {@code read} the read and query APIs, or also steer the pipeline ({@code admin}). */
public enum Role {
    READ,
    ADMIN;

    /** Spring Security authority names; an admin token can read too. */
    public static final String READ_AUTHORITY = "ROLE_READ";
    public static final String ADMIN_AUTHORITY = "ROLE_ADMIN";

    public List<GrantedAuthority> authorities() {
        return this == ADMIN
                ? List.of(new SimpleGrantedAuthority(READ_AUTHORITY), new SimpleGrantedAuthority(ADMIN_AUTHORITY))
                : List.of(new SimpleGrantedAuthority(READ_AUTHORITY));
    }

    /** The word used in {@code WAVEFLOW_API_TOKENS}. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Role ofWord(String word) {
        for (Role role : values()) {
            if (role.word().equals(word)) {
                return role;
            }
        }
        throw new IllegalArgumentException("role '" + word + "' is not known; use read or admin");
    }
}
