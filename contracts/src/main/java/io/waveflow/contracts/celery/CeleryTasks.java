package io.waveflow.contracts.celery;

import io.waveflow.contracts.command.GenerateHash;
import io.waveflow.contracts.command.ProcessAudioAnalysis;
import io.waveflow.contracts.command.ProcessDuplicateFile;
import io.waveflow.contracts.command.StageCommand;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Maps a stage command to the seed's task name and kwargs (DESIGN.md §3), nothing more. */
public final class CeleryTasks {

    private CeleryTasks() {
    }

    public static CeleryTask of(StageCommand command) {
        Map<String, Object> kwargs = new LinkedHashMap<>();
        kwargs.put("userId", command.userId());
        kwargs.put("trackId", command.trackId());
        kwargs.put("stemId", command.stemId());
        kwargs.put("filepath", command.filepath());
        if (command instanceof GenerateHash hash) {
            kwargs.put("timestamp", hash.timestamp());
            kwargs.put("original_filename", hash.originalFilename());
        } else if (command instanceof ProcessDuplicateFile duplicate) {
            kwargs.put("audio_hash", duplicate.audioHash());
        } else if (command instanceof ProcessAudioAnalysis analysis) {
            kwargs.put("audio_hash", analysis.audioHash());
            kwargs.put("timestamp", analysis.timestamp());
            kwargs.put("original_filename", analysis.originalFilename());
            kwargs.put("num_peaks", analysis.numPeaks());
        }
        return new CeleryTask(command.stage().taskName(), command.id(), List.of(), kwargs);
    }
}
