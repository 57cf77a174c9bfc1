package io.waveflow.projections.config;

import io.waveflow.projections.console.ConsoleSettings;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/** Binds the operator console's settings ({@code waveflow.console.*}). */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ConsoleSettings.class)
class ConsoleConfiguration {
}
