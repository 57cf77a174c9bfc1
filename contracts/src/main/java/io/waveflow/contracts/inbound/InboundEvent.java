package io.waveflow.contracts.inbound;

import io.waveflow.contracts.StemMessage;

/** A fact the outside world told Waveflow, written by the bridge to the inbound topic. */
public sealed interface InboundEvent extends StemMessage
        permits UploadCompleted, HashReported, ProcessingCompleted, StemDeleted, RetryRequested,
        CancelRequested {
}
