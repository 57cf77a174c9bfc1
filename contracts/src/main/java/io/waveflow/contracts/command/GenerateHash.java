package io.waveflow.contracts.command;

import io.waveflow.contracts.Stage;

import java.time.Instant;

/** Stage 1: hash the decoded audio and post it back to {@code /webhook/hash-check}. */
public record GenerateHash(
        String id,
        Instant time,
        String stemId,
        int attempt,
        String userId,
        String trackId,
        String filepath,
        String timestamp,
        String originalFilename) implements StageCommand {

    @Override
    public Stage stage() {
        return Stage.HASH;
    }
}
