package dev.rewind.core.spi;

import dev.rewind.core.internal.projection.InMemoryCheckpointStore;

/** Remembers, per projector, the global position of the last event it has fully processed. */
public interface CheckpointStore {

    /** The last processed position of a projector, or 0 if it has none yet. */
    long load(String projectorName);

    /** Records the last processed position of a projector. */
    void save(String projectorName, long position);

    /** A store that keeps checkpoints in this process only: every start begins again from the first event. */
    static CheckpointStore inMemory() {
        return new InMemoryCheckpointStore();
    }
}
