package io.waveflow.workflow.it;

import org.springframework.web.client.RestClient;

/** The read token every test context accepts (src/test/resources/config/application.properties). */
final class TestTokens {

    static final String READ = "it-reader-token-0123456789";

    private TestTokens() {
    }

    /** A client of one instance that reads with {@link #READ}. */
    static RestClient reader(int port) {
        return RestClient.builder().baseUrl("http://127.0.0.1:" + port)
                .defaultHeader("Authorization", "Bearer " + READ).build();
    }
}
