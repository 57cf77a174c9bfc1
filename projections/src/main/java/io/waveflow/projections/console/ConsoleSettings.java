package io.waveflow.projections.console;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.net.URI;

/**
 * The operator console's settings, bound from {@code waveflow.console.*}.
 *
 * @param bridgeUrl where the browser sends retry and cancel ({@code POST /admin/stems/{id}/retry|cancel}):
 *                  the bridge's base URL as the operator's browser reaches it. The bridge must list
 *                  this service's origin in {@code WAVEFLOW_CONSOLE_ORIGINS}
 */
@ConfigurationProperties("waveflow.console")
@Validated
public record ConsoleSettings(@NotNull @DefaultValue("http://127.0.0.1:8080") URI bridgeUrl) {

    @AssertTrue(message = "bridge-url must be an http or https URL with a host, such as http://127.0.0.1:8080")
    public boolean isBridgeUrlValid() {
        return bridgeUrl == null || ("http".equals(bridgeUrl.getScheme()) || "https".equals(bridgeUrl.getScheme()))
                && bridgeUrl.getHost() != null;
    }

    /** The bridge's origin ({@code scheme://host[:port]}), what the page's Content-Security-Policy lets it connect to. */
    public String bridgeOrigin() {
        return bridgeUrl.getScheme() + "://" + bridgeUrl.getHost() + (bridgeUrl.getPort() < 0 ? "" : ":" + bridgeUrl.getPort());
    }

    /** The base URL without a trailing slash, so the page appends {@code /admin/...} to it. */
    public String bridgeBase() {
        String url = bridgeUrl.toString();
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
