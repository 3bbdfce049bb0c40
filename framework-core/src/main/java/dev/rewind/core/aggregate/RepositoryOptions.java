package dev.rewind.core.aggregate;

import dev.rewind.core.internal.aggregate.InMemorySnapshotStore;
import dev.rewind.core.spi.SnapshotStore;
import java.util.Objects;

/**
 * Optional speed-ups of an {@link AggregateRepository}; none of them ever changes a result.
 *
 * @param snapshotStore where snapshots go, used for aggregate types with a {@link SnapshotPolicy}
 * @param cacheSize how many loaded aggregates to keep per type (0 = no cache)
 */
public record RepositoryOptions(SnapshotStore snapshotStore, int cacheSize) {

    /** No cache, snapshots in memory (used only by types that ask for them). */
    public static final RepositoryOptions DEFAULTS = new RepositoryOptions(new InMemorySnapshotStore(), 0);

    /** Checks the arguments. */
    public RepositoryOptions {
        Objects.requireNonNull(snapshotStore, "snapshotStore must not be null");
        if (cacheSize < 0) {
            throw new IllegalArgumentException("cacheSize must be 0 (no cache) or more, got " + cacheSize);
        }
    }

    /** The same options with an aggregate cache of this size. */
    public RepositoryOptions withCacheSize(int size) {
        return new RepositoryOptions(snapshotStore, size);
    }

    /** The same options with another snapshot store. */
    public RepositoryOptions withSnapshotStore(SnapshotStore store) {
        return new RepositoryOptions(store, cacheSize);
    }
}
