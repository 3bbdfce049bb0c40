package dev.rewind.core.spi;

import dev.rewind.core.internal.aggregate.InMemorySnapshotStore;
import java.util.Optional;

/** Keeps the latest snapshot per stream. A lost or missing snapshot only makes loading slower. */
public interface SnapshotStore {

    /** The latest snapshot of a stream, if any. */
    Optional<Snapshot> load(String streamId);

    /** Stores a snapshot, replacing an older one of the same stream (a newer stored one is kept). */
    void save(Snapshot snapshot);

    /** A store that keeps snapshots in this process only (lost on restart, which only makes loading slower). */
    static SnapshotStore inMemory() {
        return new InMemorySnapshotStore();
    }
}
