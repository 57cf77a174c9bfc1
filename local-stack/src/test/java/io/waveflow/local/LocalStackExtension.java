package io.waveflow.local;

import io.waveflow.infra.FreePorts;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * One {@link LocalStack} on free ports for all end-to-end ITs of this JVM: starting four JVMs
 * costs most of a minute on two cores, so the ITs share them. JUnit closes it after the last
 * test, before the JVM's shutdown hooks run. Its services export their spans to this JVM's
 * {@link OtlpReceiver}, where {@link TracingIT} reads them.
 */
final class LocalStackExtension implements BeforeAllCallback {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(LocalStack.class);
    private static volatile LocalStack stack;

    @Override
    public void beforeAll(ExtensionContext context) {
        stack = context.getRoot().getStore(NAMESPACE)
                .computeIfAbsent(LocalStack.class, key -> start(), LocalStack.class);
    }

    static LocalStack stack() {
        return stack;
    }

    private static LocalStack start() {
        Path dataDir;
        try {
            dataDir = Files.createTempDirectory("waveflow-local-it");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        Path repoRoot = Path.of(System.getProperty("waveflow.repoRoot", ".."));
        // Free ports only, so a local stack a developer keeps running on 8080-8082 is left alone.
        LocalStackSettings settings = new LocalStackSettings(FreePorts.pick(), FreePorts.pick(), FreePorts.pick(),
                FreePorts.pick(), FreePorts.pick(), FreePorts.pick(), dataDir, repoRoot, Duration.ofSeconds(300));
        LocalStack started = new LocalStack(settings);
        started.putServiceEnvironment("OTEL_EXPORTER_OTLP_ENDPOINT", OtlpReceiver.shared().endpoint());
        started.start();
        return started;
    }
}
