package io.waveflow.workflow.config;

import io.waveflow.tokens.ApiSecurity;
import io.waveflow.tokens.ApiTokenIntrospector;
import io.waveflow.tokens.TokenProblems;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The interactive queries ({@code /workflow/stems/…}, {@code /claims/…}) and the metrics need a read
 * token of {@code WAVEFLOW_API_TOKENS}; health probes stay open. A forwarded query carries the
 * caller's token, and the owning instance checks it again.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    @Bean
    SecurityFilterChain securityFilterChain(HttpSecurity http, ApiTokenIntrospector introspector,
                                            TokenProblems problems) throws Exception {
        return ApiSecurity.chain(http, introspector, problems, rules -> rules.anyRequest().hasRole("READ"));
    }
}
