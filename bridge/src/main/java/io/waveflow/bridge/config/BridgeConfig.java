package io.waveflow.bridge.config;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

/** Binds the bridge's settings and supplies the clock every timestamp comes from. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(BridgeSettings.class)
public class BridgeConfig {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
