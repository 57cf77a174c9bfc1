package io.waveflow.local;

import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Tools some ITs run from Debian's packages: present in CI (.ci/run installs them), possibly
 * missing on a developer's machine, where the IT is skipped with the install line instead.
 */
final class DebianTools {

    private DebianTools() {
    }

    /** Skips the test when {@code binary} is missing outside CI; in CI a missing tool fails it. */
    static Path require(String binary, String debianPackage) {
        Path path = Path.of(binary);
        String install = binary + " is missing: apt-get install -y " + debianPackage;
        if (!Files.isExecutable(path) && "true".equals(System.getenv("CI"))) {
            throw new IllegalStateException("CI=true but " + install);
        }
        Assumptions.assumeTrue(Files.isExecutable(path), install);
        return path;
    }
}
