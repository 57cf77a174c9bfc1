package io.waveflow.contracts.command;

import io.waveflow.contracts.Stage;

import java.time.Instant;

/** Stage 3: waveform peaks, duration, sample rate and size; posts {@code /webhook/completion}. */
public record ProcessAudioAnalysis(
        String id,
        Instant time,
        String stemId,
        int attempt,
        String userId,
        String trackId,
        String filepath,
        String audioHash,
        String timestamp,
        String originalFilename,
        int numPeaks) implements StageCommand {

    public static final int DEFAULT_NUM_PEAKS = 1024;

    @Override
    public Stage stage() {
        return Stage.ANALYSIS;
    }
}
