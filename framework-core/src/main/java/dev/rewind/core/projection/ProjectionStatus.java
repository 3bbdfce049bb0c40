package dev.rewind.core.projection;

import java.util.List;
import java.util.Optional;

/**
 * A projector's progress, for operators and for read-your-writes waits.
 *
 * @param name the projector's stable name: the one it was registered with, kept through rebuilds
 * @param servedBy the name of the projector serving it now: {@code name} itself, or after a {@link Rebuild} the
 *     replacement's own name (which keys its checkpoint and read model)
 * @param position the last global position it has processed
 * @param headPosition the store's head position when the status was taken
 * @param state where it stands
 * @param lastError what stopped it, with the failing event's position and type; null unless failed
 * @param failedAt the position of the event it stopped at; 0 unless failed
 * @param skipped the events an operator skipped, each with its position, type and reason
 * @param partitions each partition's holder and progress for a projector of several partitions (then
 *     {@code position} is the lowest of theirs, and {@code state} is this process's worker); empty for one partition
 */
public record ProjectionStatus(String name, String servedBy, long position, long headPosition, ProjectionState state,
        String lastError, long failedAt, List<String> skipped, List<PartitionStatus> partitions) {

    /** Copies the lists. */
    public ProjectionStatus {
        skipped = List.copyOf(skipped);
        partitions = List.copyOf(partitions);
    }

    /** The status of a projector of one partition. */
    public ProjectionStatus(String name, String servedBy, long position, long headPosition, ProjectionState state,
            String lastError, long failedAt, List<String> skipped) {
        this(name, servedBy, position, headPosition, state, lastError, failedAt, skipped, List.of());
    }

    /**
     * How many events it is behind the head; negative if its position is past the head, which means the store lost
     * events it had processed (a store restored from an older backup, or one that lost its last writes).
     */
    public long lag() {
        return headPosition - position;
    }

    /** The error that stopped it, if any. */
    public Optional<String> error() {
        return Optional.ofNullable(lastError);
    }
}
