package io.waveflow.tracing;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Where spans go and how many. Trace context is propagated on every hop whatever these say.
 *
 * @param otlpEndpoint OTLP/HTTP base URL of a collector ({@code OTEL_EXPORTER_OTLP_ENDPOINT}, e.g.
 *                     {@code http://collector:4318}; spans go to {@code <base>/v1/traces}); empty:
 *                     nothing is exported and no span is recorded
 * @param sampling     share of new traces recorded while exporting ({@code WAVEFLOW_TRACING_SAMPLING},
 *                     0 to 1); a trace begun upstream keeps its caller's decision
 */
@Validated
@ConfigurationProperties("waveflow.tracing")
public record TracingSettings(String otlpEndpoint,
                              @DecimalMin("0.0") @DecimalMax("1.0") double sampling) {

    public TracingSettings {
        otlpEndpoint = otlpEndpoint == null ? "" : otlpEndpoint.strip();
    }

    public boolean exporting() {
        return !otlpEndpoint.isEmpty();
    }
}
