package dev.rewind.core.spi;

import dev.rewind.core.spi.PartitionLeases.PartitionLease;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The checkpoint store a projector's batch is given: a save under the projector's name records the position for
 * every partition the batch advances (those whose checkpoint is below it), under their leases, so the default
 * {@code Projector.project} and a JDBC read model commit per-partition checkpoints with one call. A save refused
 * because a lease was lost throws {@link LeaseLostException}.
 */
public final class BatchCheckpoints implements CheckpointStore {

    private final CheckpointStore store;
    private final String projectorName;
    private final Map<String, Long> since;
    private final Map<String, PartitionLease> leases;

    /**
     * A batch's view of {@code store}.
     *
     * @param since each held partition's checkpoint key and its position before the batch
     * @param leases the lease of each key, to be checked where the checkpoints are saved; empty for no check
     */
    public BatchCheckpoints(CheckpointStore store, String projectorName, Map<String, Long> since,
            Map<String, PartitionLease> leases) {
        this.store = store;
        this.projectorName = projectorName;
        this.since = Map.copyOf(since);
        this.leases = Map.copyOf(leases);
    }

    /** The view of a store given to a projector: itself if it is one, else the plain, unfenced checkpoint. */
    public static BatchCheckpoints of(CheckpointStore given, String projectorName) {
        return given instanceof BatchCheckpoints batch ? batch
                : new BatchCheckpoints(given, projectorName, Map.of(projectorName, Long.MIN_VALUE), Map.of());
    }

    /** The checkpoint keys a save of {@code position} moves forward, each with that position. */
    public Map<String, Long> advanced(long position) {
        Map<String, Long> advanced = new LinkedHashMap<>();
        since.forEach((key, before) -> {
            if (before < position) {
                advanced.put(key, position);
            }
        });
        return advanced;
    }

    /** The leases to check when saving these keys; empty when none are checked. */
    public List<PartitionLease> fencesOf(Collection<String> keys) {
        return keys.stream().filter(leases::containsKey).map(leases::get).toList();
    }

    @Override
    public long load(String name) {
        if (!name.equals(projectorName)) {
            return store.load(name);
        }
        return since.values().stream().mapToLong(Long::longValue).min().orElse(0);
    }

    @Override
    public void save(String name, long position) {
        if (!name.equals(projectorName)) {
            store.save(name, position);
            return;
        }
        Map<String, Long> advanced = advanced(position);
        if (!store.saveFenced(advanced, fencesOf(advanced.keySet()))) {
            throw new LeaseLostException(projectorName, advanced.keySet());
        }
    }

    @Override
    public boolean saveFenced(Map<String, Long> positions, Collection<PartitionLease> fences) {
        return store.saveFenced(positions, fences);
    }
}
