package io.waveflow.tokens;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.oauth2.server.resource.web.access.BearerTokenAccessDeniedHandler;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * 401 and 403 as RFC 9457 {@code application/problem+json}, like every other error of the
 * services, on top of the RFC 6750 {@code WWW-Authenticate} challenge Spring Security's bearer
 * handlers set. The details name what is missing, never a token.
 */
public final class TokenProblems implements AuthenticationEntryPoint, AccessDeniedHandler {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final BearerTokenAuthenticationEntryPoint challenge = new BearerTokenAuthenticationEntryPoint();
    private final BearerTokenAccessDeniedHandler denial = new BearerTokenAccessDeniedHandler();

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException {
        challenge.commence(request, response, e);
        boolean presented = request.getHeader("Authorization") != null;
        write(response, 401, "Unauthorized", presented
                ? "The bearer token is not valid here: use a token from WAVEFLOW_API_TOKENS in the"
                        + " Authorization header"
                : "This endpoint needs an 'Authorization: Bearer <token>' header with a token from"
                        + " WAVEFLOW_API_TOKENS", request);
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
            throws IOException {
        denial.handle(request, response, e);
        Authentication who = SecurityContextHolder.getContext().getAuthentication();
        String name = who == null ? "this token" : "token '" + who.getName() + "'";
        write(response, 403, "Forbidden", "This endpoint needs a token with the admin role; " + name
                + " may only read", request);
    }

    private static void write(HttpServletResponse response, int status, String title, String detail,
                              HttpServletRequest request) throws IOException {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "about:blank");
        problem.put("title", title);
        problem.put("status", status);
        problem.put("detail", detail);
        problem.put("instance", request.getRequestURI());
        response.setStatus(status);
        response.setContentType("application/problem+json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter().write(JSON.writeValueAsString(problem));
    }
}
