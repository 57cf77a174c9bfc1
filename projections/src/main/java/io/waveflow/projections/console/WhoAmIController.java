package io.waveflow.projections.console;

import io.waveflow.tokens.ApiTokenIntrospector;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.core.OAuth2AuthenticatedPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /whoami}: the name and role of the presented token, so the console can greet the
 * operator and show Retry and Cancel only to an admin token. Showing is a courtesy, not the guard:
 * the bridge refuses a read token's admin call with 403 whatever the page shows.
 */
@RestController
class WhoAmIController {

    @GetMapping("/whoami")
    WhoAmI whoami(@AuthenticationPrincipal OAuth2AuthenticatedPrincipal principal) {
        return new WhoAmI(principal.getName(), principal.getAttribute(ApiTokenIntrospector.ROLE_ATTRIBUTE));
    }

    /** The token's name (what the history records as who asked) and its role word, {@code read} or {@code admin}. */
    record WhoAmI(String name, String role) {
    }
}
