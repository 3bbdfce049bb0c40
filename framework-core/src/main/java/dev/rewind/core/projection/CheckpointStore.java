package dev.rewind.core.projection;

/** Remembers, per projector, the global position of the last event it has fully processed. */
public interface CheckpointStore {

    /** The last processed position of a projector, or 0 if it has none yet. */
    long load(String projectorName);

    /** Records the last processed position of a projector. */
    void save(String projectorName, long position);
}
