package io.waveflow.tokens;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Parses {@code WAVEFLOW_API_TOKENS} once at start (a wrong entry stops the service with a message
 * naming it) and offers the introspector and problem handlers each service's chain is built from.
 * The introspector bean also tells Spring Boot not to create its default user with a logged password.
 */
@AutoConfiguration
@EnableConfigurationProperties(ApiTokensSettings.class)
public class ApiTokensAutoConfiguration {

    @Bean
    ApiTokens apiTokens(ApiTokensSettings settings) {
        return ApiTokens.parse(settings.tokens());
    }

    @Bean
    ApiTokenIntrospector apiTokenIntrospector(ApiTokens tokens) {
        return new ApiTokenIntrospector(tokens);
    }

    @Bean
    TokenProblems tokenProblems() {
        return new TokenProblems();
    }
}
