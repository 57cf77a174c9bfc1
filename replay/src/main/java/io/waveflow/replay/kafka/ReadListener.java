package io.waveflow.replay.kafka;

/** Hears how far a read has come, after every fetched batch. */
public interface ReadListener {

    ReadListener NONE = (done, total) -> {
    };

    /**
     * @param done  offsets passed so far over all partitions
     * @param total offsets in the plan
     */
    void progress(long done, long total);
}
