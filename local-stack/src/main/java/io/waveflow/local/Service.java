package io.waveflow.local;

import java.nio.file.Path;

/** The three Spring Boot services the local stack runs, each from its module's exec jar. */
public enum Service {

    BRIDGE("bridge"),
    WORKFLOW_STREAMS("workflow-streams"),
    PROJECTIONS("projections");

    private final String module;

    Service(String module) {
        this.module = module;
    }

    /** The Maven module, which also names the service in logs and in the console prefix. */
    public String module() {
        return module;
    }

    /** {@code <repoRoot>/<module>/target/<module>-<version>-exec.jar}, the repackaged Boot jar. */
    public Path jar(Path repoRoot, String version) {
        return repoRoot.resolve(module).resolve("target").resolve(module + "-" + version + "-exec.jar");
    }
}
