package io.waveflow.projections.config;

import io.waveflow.tokens.ApiSecurity;
import io.waveflow.tokens.ApiTokenIntrospector;
import io.waveflow.tokens.TokenProblems;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Who may use which endpoint ({@code WAVEFLOW_API_TOKENS}): rebuilds need an admin token, the read
 * model, the stats and the metrics a read token; health probes stay open.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    @Bean
    SecurityFilterChain securityFilterChain(HttpSecurity http, ApiTokenIntrospector introspector,
                                            TokenProblems problems) throws Exception {
        return ApiSecurity.chain(http, introspector, problems, rules -> rules
                .requestMatchers("/admin/**").hasRole("ADMIN")
                .anyRequest().hasRole("READ"));
    }
}
