package io.waveflow.tracing;

import io.micrometer.common.KeyValues;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.prometheus.metrics.tracer.common.SpanContext;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.otlp.OtlpTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.otlp.OtlpTracingConnectionDetails;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.otlp.Transport;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.micrometer.KafkaRecordSenderContext;
import org.springframework.kafka.support.micrometer.KafkaTemplateObservation;

/**
 * Tracing of every Waveflow service on Micrometer Tracing's OpenTelemetry bridge (Spring Boot
 * builds the SDK, W3C propagation, the HTTP server spans and the log correlation; see README
 * "Tracing"). What this adds:
 * <ul>
 *   <li>export over OTLP/HTTP only when {@code waveflow.tracing.otlp-endpoint} is set, and then
 *       sampling by {@code waveflow.tracing.sampling}; without an endpoint the sampler records
 *       nothing, and a Kafka record that carries a trace passes the interceptors and the processor
 *       wrapper untouched (its context travels on every hop as it is);</li>
 *   <li>spring-kafka's observation on every KafkaTemplate: a producer span whose context goes into
 *       the record headers, tagged with the record's stem;</li>
 *   <li>the {@link KafkaTracing} the Kafka client interceptors and the Streams
 *       {@link TracingProcessorWrapper} use.</li>
 * </ul>
 */
@AutoConfiguration(before = {OpenTelemetryTracingAutoConfiguration.class, OtlpTracingAutoConfiguration.class},
        beforeName = "org.springframework.boot.micrometer.tracing.autoconfigure.prometheus.PrometheusExemplarsAutoConfiguration")
@EnableConfigurationProperties(TracingSettings.class)
public class TracingAutoConfiguration {

    private static final String OTLP_TRACES_PATH = "/v1/traces";

    /**
     * No exemplars on {@code /actuator/prometheus}. While spans are recorded, Micrometer attaches
     * the current trace to a histogram's {@code _count} too, and the OpenMetrics parser of
     * Prometheus before 2.43 (Debian 12 ships 2.42) refuses it and fails the service's whole
     * scrape ("does not support exemplars"). Metrics and traces still join through the trace ids
     * in the log lines. Boot's exemplar context backs off when this one exists.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "io.prometheus.metrics.tracer.common.SpanContext")
    static class NoPrometheusExemplars {

        @Bean
        SpanContext noExemplarSpanContext() {
            return new SpanContext() {
                @Override
                public String getCurrentTraceId() {
                    return null;
                }

                @Override
                public String getCurrentSpanId() {
                    return null;
                }

                @Override
                public boolean isCurrentSpanSampled() {
                    return false;
                }

                @Override
                public void markCurrentSpanAsExemplar() {
                }
            };
        }
    }

    @Bean
    Sampler otelSampler(TracingSettings settings) {
        return settings.exporting()
                ? Sampler.parentBased(Sampler.traceIdRatioBased(settings.sampling()))
                : Sampler.alwaysOff();
    }

    /** Boot's OTLP exporter, pointed at the collector the OpenTelemetry way ({@code <base>/v1/traces}). */
    @Bean
    @ConditionalOnExpression("!'${waveflow.tracing.otlp-endpoint:}'.isBlank()")
    OtlpTracingConnectionDetails otlpTracingConnectionDetails(TracingSettings settings) {
        String base = settings.otlpEndpoint().replaceAll("/+$", "");
        return transport -> transport == Transport.HTTP ? base + OTLP_TRACES_PATH : base;
    }

    @Bean(destroyMethod = "uninstall")
    KafkaTracing kafkaTracing(Tracer tracer, Propagator propagator, TracingSettings settings) {
        KafkaTracing tracing = new KafkaTracing(tracer, propagator, settings.exporting());
        KafkaTracing.install(tracing);
        return tracing;
    }

    /** Before the templates look up the observation registry, which they do only when enabled. */
    @Bean
    static BeanPostProcessor kafkaTemplateObservation() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessBeforeInitialization(Object bean, String beanName) {
                if (bean instanceof KafkaTemplate<?, ?> template) {
                    template.setObservationEnabled(true);
                    template.setObservationConvention(new StemSendConvention());
                }
                return bean;
            }
        };
    }

    /** spring-kafka's producer span, plus the stem: every Waveflow topic a template writes is keyed by stemId. */
    static final class StemSendConvention extends KafkaTemplateObservation.DefaultKafkaTemplateObservationConvention {

        @Override
        public KeyValues getHighCardinalityKeyValues(KafkaRecordSenderContext context) {
            Object key = context.getRecord().key();
            return key == null ? KeyValues.empty() : KeyValues.of(KafkaTracing.STEM_ID, key.toString());
        }
    }
}
