package io.waveflow.bridge.config;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.servers.Server;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.List;

/**
 * The head of the OpenAPI document springdoc serves at {@code /v3/api-docs}. The server is given
 * as "/" (relative) so the document does not depend on the host and port it was fetched from and
 * can be compared with the checked-in bridge/openapi.json.
 */
@Configuration(proxyBeanMethods = false)
public class OpenApiConfig {

    @Bean
    OpenAPI bridgeOpenApi() {
        return new OpenAPI()
                .info(new Info()
                        .title("Waveflow bridge")
                        .version("1")
                        .description("Seed-compatible webhooks of the Waveflow pipeline. Every POST must carry "
                                + "X-Waveflow-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of \"<t>.<raw body>\"> "
                                + "(bridge/WEBHOOKS.md). Errors are application/problem+json (RFC 9457)."))
                .servers(List.of(new Server().url("/").description("the bridge that served this document")));
    }
}
