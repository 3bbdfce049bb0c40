package dev.rewind.core.internal.projection;

import dev.rewind.core.eventstore.RecordedEvent;
import dev.rewind.core.spi.BatchCheckpoints;
import dev.rewind.core.spi.CheckpointStore;
import dev.rewind.core.spi.PartitionLeases;
import dev.rewind.core.spi.PartitionLeases.PartitionLease;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntFunction;

/**
 * The partitions of a projector this process holds, with each one's lease and checkpoint: which events of a batch
 * are this process's to apply (its partition is held and the event lies past that partition's checkpoint), and the
 * checkpoint view a batch is committed through. Driven by one subscription thread; read by status at any time.
 */
public final class HeldPartitions {

    private final int count;
    private final IntFunction<String> keyOf;
    private final Map<Integer, PartitionLease> leases;
    private final Map<Integer, Long> positions = new ConcurrentHashMap<>();
    private final boolean fenced;
    private volatile boolean lost;

    /**
     * The partitions held under {@code leases}, at the positions {@code positions} gives.
     *
     * @param count how many partitions the projector has
     * @param keyOf the checkpoint key of a partition
     * @param fenced whether saves must check the leases (they come from leases shared by several processes)
     */
    public HeldPartitions(int count, IntFunction<String> keyOf, Set<PartitionLease> leases,
            Map<Integer, Long> positions, boolean fenced) {
        this.count = count;
        this.keyOf = keyOf;
        this.leases = new HashMap<>();
        leases.forEach(lease -> this.leases.put(lease.partition(), lease));
        this.positions.putAll(positions);
        this.fenced = fenced;
    }

    /** No partition held. */
    public static HeldPartitions none(int count, IntFunction<String> keyOf) {
        return new HeldPartitions(count, keyOf, Set.of(), Map.of(), false);
    }

    /** The partition of a stream. */
    public int partitionOf(String streamId) {
        return count == 1 ? 0 : PartitionLeases.partitionOf(streamId, count);
    }

    /** Whether this process applies the event: its partition is held here and it lies past that checkpoint. */
    public boolean wants(RecordedEvent event) {
        Long position = positions.get(partitionOf(event.streamId()));
        return !lost && position != null && event.globalPosition() > position;
    }

    /** Whether no partition is held (or a lease was found lost). */
    public boolean isEmpty() {
        return lost || positions.isEmpty();
    }

    /** The lowest checkpoint among the held partitions (where a subscription for all of them starts); 0 if none. */
    public long lowest() {
        return positions.values().stream().mapToLong(Long::longValue).min().orElse(0);
    }

    /** A held partition's checkpoint. */
    public Optional<Long> position(int partition) {
        return Optional.ofNullable(positions.get(partition));
    }

    /** The held partitions, in order. */
    public Set<Integer> partitions() {
        return new TreeSet<>(positions.keySet());
    }

    /** The view of {@code store} that a batch commits its checkpoints through. */
    public BatchCheckpoints batch(CheckpointStore store, String projectorName) {
        Map<String, Long> since = new HashMap<>();
        Map<String, PartitionLease> fences = new HashMap<>();
        positions.forEach((p, position) -> {
            since.put(keyOf.apply(p), position);
            if (fenced) {
                fences.put(keyOf.apply(p), leases.get(p));
            }
        });
        return new BatchCheckpoints(store, projectorName, since, fences);
    }

    /** Records that every held partition has processed up to {@code position}. */
    public void advanced(long position) {
        positions.replaceAll((p, before) -> Math.max(before, position));
    }

    /** Marks the set stale: a save found a lease lost, so nothing more is applied until the set is renewed. */
    public void lost() {
        lost = true;
    }
}
