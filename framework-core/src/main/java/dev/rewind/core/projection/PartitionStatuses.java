package dev.rewind.core.projection;

import dev.rewind.core.internal.projection.HeldPartitions;
import dev.rewind.core.spi.CheckpointStore;
import dev.rewind.core.spi.PartitionLeases.Membership;
import dev.rewind.core.spi.PartitionLeases.PartitionLease;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Builds the per-partition part of a partitioned projector's status. */
final class PartitionStatuses {

    private PartitionStatuses() {
    }

    /**
     * Each partition's holder and position: this process's own progress for the partitions it holds, the shared
     * checkpoint store's for the others; none for a projector of one partition.
     */
    static List<PartitionStatus> of(Projector projector, HeldPartitions held, Membership membership,
            CheckpointStore checkpoints, String memberId, long head) {
        if (projector.partitions() == 1) {
            return List.of();
        }
        Map<Integer, PartitionLease> holders = membership == null ? Map.of() : membership.holders();
        List<PartitionStatus> out = new ArrayList<>();
        for (int p = 0; p < projector.partitions(); p++) {
            Optional<Long> mine = held.position(p);
            PartitionLease holder = holders.get(p);
            String member = mine.isPresent() ? memberId : holder == null ? "" : holder.member();
            long at = mine.isPresent() ? mine.get() : checkpoints.load(projector.checkpointKey(p));
            out.add(new PartitionStatus(p, member, at, head - at));
        }
        return out;
    }
}
