package io.waveflow.bridge.config;

import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;

import java.time.Duration;
import java.util.List;

/**
 * Lets the operator console, a page served by projections on another origin, call retry and
 * cancel from the operator's browser: exactly the configured origins ({@code WAVEFLOW_CONSOLE_ORIGINS}),
 * only {@code POST /admin/stems/**}, with the bearer token in the {@code Authorization} header (no
 * cookies, so no credentials mode). A preflight from any other origin is refused with 403, and
 * every other path answers no CORS at all. The token check itself is unchanged: a read token's
 * call still gets its 403, which the page can then read.
 */
final class ConsoleCors {

    static final String ADMIN_STEMS = "/admin/stems/**";
    /** How long a browser may reuse a preflight answer. */
    static final Duration PREFLIGHT_CACHE = Duration.ofMinutes(10);

    private ConsoleCors() {
    }

    static CorsConfigurationSource source(List<String> origins) {
        CorsConfiguration console = new CorsConfiguration();
        console.setAllowedOrigins(origins);
        console.setAllowedMethods(List.of("POST"));
        // Idempotency-Key is the admin API's own header (ControlCommands): a double click retries once.
        console.setAllowedHeaders(List.of("Authorization", "Content-Type", "Idempotency-Key"));
        console.setAllowCredentials(false);
        console.setMaxAge(PREFLIGHT_CACHE);
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        if (!origins.isEmpty()) {
            source.registerCorsConfiguration(ADMIN_STEMS, console);
        }
        return source;
    }
}
