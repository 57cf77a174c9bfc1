package io.waveflow.tokens;

import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The one shape of every service's filter chain: stateless bearer tokens (header only, never a
 * query parameter), health probes open, problem+json for 401 and 403; each service adds which of
 * its paths need which role. No sessions, cookies or forms, so CSRF protection has nothing to guard.
 */
public final class ApiSecurity {

    /** What a probe may reach without a token: liveness and readiness, nothing else of actuator. */
    public static final String[] OPEN_PROBES = {"/actuator/health", "/actuator/health/**"};

    private ApiSecurity() {
    }

    /**
     * A chain for paths that authenticate requests themselves (the webhooks' HMAC signatures): no
     * bearer token is read there, so a sender's stray {@code Authorization} header cannot refuse a
     * signed webhook. Register it before {@link #chain}, which takes every other path.
     */
    public static SecurityFilterChain open(HttpSecurity http, String... paths) throws Exception {
        return stateless(http)
                .securityMatcher(paths)
                .authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                .build();
    }

    public static SecurityFilterChain chain(HttpSecurity http, ApiTokenIntrospector introspector, TokenProblems problems,
            Customizer<AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry> rules)
            throws Exception {
        return stateless(http)
                .authorizeHttpRequests(requests -> {
                    requests.requestMatchers(OPEN_PROBES).permitAll();
                    rules.customize(requests);
                })
                .oauth2ResourceServer(server -> server
                        .opaqueToken(opaque -> opaque.introspector(introspector))
                        .authenticationEntryPoint(problems)
                        .accessDeniedHandler(problems))
                .exceptionHandling(errors -> errors.authenticationEntryPoint(problems).accessDeniedHandler(problems))
                .build();
    }

    /** No sessions, cookies, forms or saved requests: every request carries its own credential. */
    private static HttpSecurity stateless(HttpSecurity http) throws Exception {
        return http
                .csrf(csrf -> csrf.disable())
                .httpBasic(basic -> basic.disable())
                .formLogin(form -> form.disable())
                .logout(logout -> logout.disable())
                .requestCache(cache -> cache.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
    }
}
