package io.waveflow.contracts.command;

import io.waveflow.contracts.Stage;

import java.time.Instant;

/** Stage 2: the audio belongs to {@code ownerStemId}; delete this stem's file. */
public record ProcessDuplicateFile(
        String id,
        Instant time,
        String stemId,
        int attempt,
        String userId,
        String trackId,
        String filepath,
        String audioHash,
        String ownerStemId) implements StageCommand {

    @Override
    public Stage stage() {
        return Stage.DUPLICATE;
    }

    /** The same clean-up, naming {@code owner} as the stem whose audio this is. */
    public ProcessDuplicateFile withOwner(String owner) {
        return new ProcessDuplicateFile(id, time, stemId, attempt, userId, trackId, filepath, audioHash, owner);
    }
}
