package io.waveflow.tokens;

/**
 * One configured token: who holds it (the name shown in the history of what it did), its role,
 * and the SHA-256 of its secret. Only the digest is kept, and it never appears in {@link #toString}.
 */
public record ApiToken(String name, Role role, byte[] secretSha256) {

    @Override
    public String toString() {
        return "ApiToken[name=" + name + ", role=" + role.word() + "]";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ApiToken token && token.name.equals(name) && token.role == role
                && java.util.Arrays.equals(token.secretSha256, secretSha256);
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }
}
