package io.waveflow.tokens;

import org.springframework.security.oauth2.core.DefaultOAuth2AuthenticatedPrincipal;
import org.springframework.security.oauth2.core.OAuth2AuthenticatedPrincipal;
import org.springframework.security.oauth2.server.resource.introspection.BadOpaqueTokenException;
import org.springframework.security.oauth2.server.resource.introspection.OpaqueTokenIntrospector;

import java.util.Map;

/**
 * Spring Security's resource-server hook for opaque bearer tokens, answered from the configured
 * {@link ApiTokens} instead of an introspection endpoint: the principal is the token's name, its
 * authorities are its role's.
 */
public final class ApiTokenIntrospector implements OpaqueTokenIntrospector {

    /** The principal attribute holding the token's role word. */
    public static final String ROLE_ATTRIBUTE = "role";

    private final ApiTokens tokens;

    public ApiTokenIntrospector(ApiTokens tokens) {
        this.tokens = tokens;
    }

    @Override
    public OAuth2AuthenticatedPrincipal introspect(String token) {
        ApiToken found = tokens.find(token)
                .orElseThrow(() -> new BadOpaqueTokenException("the bearer token is not one of WAVEFLOW_API_TOKENS"));
        return new DefaultOAuth2AuthenticatedPrincipal(found.name(), Map.of(ROLE_ATTRIBUTE, found.role().word()),
                found.role().authorities());
    }
}
