package io.waveflow.tokens;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.observation.SecurityObservationSettings;

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

    /**
     * No observations of Spring Security's own work. With an observation registry (actuator),
     * Spring Security otherwise wraps each of the dozen filters of a chain, and the authentication
     * and authorization, in an observation of its own: a timer and a span each on every request,
     * a webhook's included, that say nothing about a stem (README "Benchmarks": observations
     * were an eighth of the bridge's sampled CPU). The request's own HTTP server observation (its
     * {@code http.server.requests} metrics and span) stays.
     */
    @Bean
    SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }
}
