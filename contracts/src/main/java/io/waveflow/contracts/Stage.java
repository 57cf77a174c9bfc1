package io.waveflow.contracts;

import java.util.Arrays;
import java.util.Optional;

/**
 * The three worker stages of the seed, with their Celery task names and task-id families.
 * Task ids are deterministic per stem and attempt ({@code analysis-<stemId>-2}), so a re-sent
 * command keeps its id and a FIFO queue or a worker can deduplicate.
 */
public enum Stage {
    HASH("hash", "app.tasks.generate_hash_and_webhook"),
    DUPLICATE("duplicate", "app.tasks.process_duplicate_file"),
    ANALYSIS("analysis", "app.tasks.process_audio_analysis");

    private final String taskIdFamily;
    private final String taskName;

    Stage(String taskIdFamily, String taskName) {
        this.taskIdFamily = taskIdFamily;
        this.taskName = taskName;
    }

    /** The stage as one lower-case word ({@code analysis}), the same on every machine: event ids and the read model use it. */
    public String word() {
        return taskIdFamily;
    }

    public String taskName() {
        return taskName;
    }

    public String taskId(String stemId, int attempt) {
        return taskIdFamily + "-" + stemId + "-" + attempt;
    }

    public static Optional<Stage> ofTaskName(String taskName) {
        return Arrays.stream(values()).filter(stage -> stage.taskName.equals(taskName)).findFirst();
    }
}
