package io.waveflow.projections;

/** The API tokens the projections ITs start the service with, and send. */
final class TestTokens {

    static final String ADMIN = "it-admin-token-0123456789";
    static final String READ = "it-reader-token-0123456789";
    static final String SETTING = "it-admin:admin:" + ADMIN + ",it-reader:read:" + READ;

    private TestTokens() {
    }
}
