package dev.rewind.core.projection;

/**
 * The progress of one partition of a partitioned projector (see {@link Projector#partitioned(int)}).
 *
 * @param partition the partition number, from 0
 * @param holder the member id of the process holding it (as its {@code PartitionLeases.memberId()}), or empty if no
 *     live process holds it now; another process's hold is seen as of its last lease renewal
 * @param position the last global position it has processed: this process's own progress for a partition it holds,
 *     else the checkpoint in the shared store
 * @param lag how many events it is behind the store's head
 */
public record PartitionStatus(int partition, String holder, long position, long lag) {
}
