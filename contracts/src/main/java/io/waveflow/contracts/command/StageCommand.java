package io.waveflow.contracts.command;

import io.waveflow.contracts.Stage;
import io.waveflow.contracts.StemMessage;

/**
 * An order for a Celery worker stage, written by the topology and forwarded to SQS by the
 * bridge. The id is the Celery task id, deterministic per stem, stage and attempt.
 */
public sealed interface StageCommand extends StemMessage
        permits GenerateHash, ProcessDuplicateFile, ProcessAudioAnalysis {

    Stage stage();

    int attempt();

    String userId();

    String trackId();

    String filepath();
}
