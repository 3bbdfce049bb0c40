package dev.rewind.core.spi;

import dev.rewind.core.internal.projection.InMemoryCheckpointStore;
import dev.rewind.core.spi.PartitionLeases.PartitionLease;
import java.util.Collection;
import java.util.Map;

/** Remembers, per projector, the global position of the last event it has fully processed. */
public interface CheckpointStore {

    /** The last processed position of a projector, or 0 if it has none yet. */
    long load(String projectorName);

    /** Records the last processed position of a projector. */
    void save(String projectorName, long position);

    /**
     * Records several checkpoints together, only while this process still holds {@code leases}: a store shared by
     * several processes checks them in the transaction that saves, and then saves all or nothing. The default saves
     * each checkpoint and checks no lease, which is right for a store only one process uses.
     *
     * @param positions the position of each checkpoint key
     * @param leases the partition leases the saves are made under; empty for none to check
     * @return false if a lease was lost (another process took its partition over), and then nothing was saved
     */
    default boolean saveFenced(Map<String, Long> positions, Collection<PartitionLease> leases) {
        positions.forEach(this::save);
        return true;
    }

    /** A store that keeps checkpoints in this process only: every start begins again from the first event. */
    static CheckpointStore inMemory() {
        return new InMemoryCheckpointStore();
    }
}
