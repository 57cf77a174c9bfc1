package io.waveflow.contracts.inbound;

/**
 * The {@code result} object of a completion webhook: the analysis fields on success, the
 * error fields otherwise. Fields that the worker did not send are null.
 */
public record CompletionResult(
        String audioDataHash,
        String waveformDataPath,
        Long fileSize,
        Double duration,
        Integer sampleRate,
        Integer numPeaks,
        String errorMessage,
        String errorCode) {

    public static CompletionResult success(String audioDataHash, String waveformDataPath, Long fileSize,
                                           Double duration, Integer sampleRate, Integer numPeaks) {
        return new CompletionResult(audioDataHash, waveformDataPath, fileSize, duration, sampleRate, numPeaks,
                null, null);
    }

    public static CompletionResult failure(String errorMessage, String errorCode) {
        return new CompletionResult(null, null, null, null, null, null, errorMessage, errorCode);
    }

    /**
     * Whether it carries an analysis result: any analysis field (the bridge then requires all six).
     * A seed worker's duplicate clean-up reports none.
     */
    public boolean hasAnalysis() {
        return audioDataHash != null || waveformDataPath != null || fileSize != null || duration != null
                || sampleRate != null || numPeaks != null;
    }
}
