package io.waveflow.tokens;

import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * {@code waveflow.api.tokens}, from {@code WAVEFLOW_API_TOKENS}: the bearer tokens every service's
 * read and admin endpoints accept, as {@code name:role:token} entries separated by commas. There
 * is no default: a service without tokens does not start, rather than serve its APIs to anyone.
 */
@Validated
@ConfigurationProperties("waveflow.api")
public record ApiTokensSettings(
        @NotBlank(message = "WAVEFLOW_API_TOKENS must hold at least one name:role:token entry") String tokens) {

    @Override
    public String toString() {
        return "ApiTokensSettings[tokens=(hidden)]";
    }
}
