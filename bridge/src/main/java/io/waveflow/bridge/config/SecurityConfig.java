package io.waveflow.bridge.config;

import io.waveflow.tokens.ApiSecurity;
import io.waveflow.tokens.ApiTokenIntrospector;
import io.waveflow.tokens.TokenProblems;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Who may call what: the seed's webhooks authenticate by their HMAC signature ({@code WebhookGate})
 * and read no token; {@code /admin/**} (retry, cancel) needs an admin token of
 * {@code WAVEFLOW_API_TOKENS}, the OpenAPI document and the metrics a read token; health probes
 * stay open. The operator console's origin may call {@code /admin/stems/**} from a browser ({@link ConsoleCors}).
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfig {

    static final String[] SIGNED_WEBHOOKS = {"/upload-complete", "/webhook/**"};

    @Bean
    @Order(1)
    SecurityFilterChain signedWebhooks(HttpSecurity http) throws Exception {
        return ApiSecurity.open(http, SIGNED_WEBHOOKS);
    }

    @Bean
    @Order(2)
    SecurityFilterChain tokenApis(HttpSecurity http, ApiTokenIntrospector introspector, TokenProblems problems,
                                  BridgeSettings settings) throws Exception {
        http.cors(cors -> cors.configurationSource(ConsoleCors.source(settings.consoleOrigins())));
        return ApiSecurity.chain(http, introspector, problems, rules -> rules
                .requestMatchers("/admin/**").hasRole("ADMIN")
                .anyRequest().hasRole("READ"));
    }
}
