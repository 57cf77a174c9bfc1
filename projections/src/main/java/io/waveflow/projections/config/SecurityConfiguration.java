package io.waveflow.projections.config;

import io.waveflow.tokens.ApiSecurity;
import io.waveflow.tokens.ApiTokenIntrospector;
import io.waveflow.tokens.TokenProblems;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Who may use which endpoint ({@code WAVEFLOW_API_TOKENS}): rebuilds need an admin token, the read
 * model, the stats and the metrics a read token; health probes stay open, and so do the operator
 * console's page, style and script, which hold no data (the operator pastes a token into the page).
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    /** Exactly the console's static files; anything else under /console (its config) needs a token. */
    static final String[] CONSOLE_FILES = {"/console", "/console/console.css", "/console/console.js"};

    @Bean
    SecurityFilterChain securityFilterChain(HttpSecurity http, ApiTokenIntrospector introspector,
                                            TokenProblems problems) throws Exception {
        return ApiSecurity.chain(http, introspector, problems, rules -> rules
                .requestMatchers(HttpMethod.GET, CONSOLE_FILES).permitAll()
                .requestMatchers("/admin/**").hasRole("ADMIN")
                .anyRequest().hasRole("READ"));
    }
}
