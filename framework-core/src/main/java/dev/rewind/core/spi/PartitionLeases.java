package dev.rewind.core.spi;

import dev.rewind.core.internal.lease.LocalPartitionLeases;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;

/**
 * Shares the numbered partitions of named groups among the live processes that join them. Each partition is held by
 * at most one member at a time, under a lease the member keeps renewing; a member that stops renewing (it died, or
 * lost its database) loses its partitions to the others within the lease time, and a member that leaves hands them
 * over at once. Every change of a partition's holder increases its {@linkplain PartitionLease#token() fencing token},
 * so work committed under an older token can be refused where it is stored.
 *
 * <p>Across processes the leases live in PostgreSQL ({@code EventStoreBackend.partitionLeases()} of a PostgreSQL
 * store); {@link #local()} holds every partition in this process, for a single process.
 */
public interface PartitionLeases extends AutoCloseable {

    /** This member's id, unique to this process and start. */
    String memberId();

    /**
     * Joins a group. From now on this member holds a fair share of the group's partitions (all of them while it is
     * the only member), and {@code listener} hears every change of that share, on the leases' own thread.
     *
     * @param group names the group, for example {@code projector:balances} or {@code aggregates}
     * @param partitions how many partitions the group has; every member of a group must give the same number
     * @param address how other members reach this one (a command endpoint), or empty
     * @param listener told the partitions held after each change, before a released one is given up
     * @throws IllegalArgumentException if {@code partitions} is not positive or differs from the group's
     */
    Membership join(String group, int partitions, String address, Listener listener);

    /** Leaves every group (handing over their partitions) and stops renewing. */
    @Override
    void close();

    /**
     * The partition of a key (a stream id) among {@code partitions}: the same on every JVM, so every process routes a
     * key to the same partition.
     */
    static int partitionOf(String key, int partitions) {
        int hash = 0x811c9dc5;
        for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
            hash = (hash ^ (b & 0xff)) * 0x01000193;
        }
        return Math.floorMod(hash, partitions);
    }

    /** Leases held in this process only: the one member holds every partition of every group. */
    static PartitionLeases local() {
        return new LocalPartitionLeases();
    }

    /** Hears the partitions this member holds. */
    @FunctionalInterface
    interface Listener {

        /**
         * The partitions held now. A partition missing from {@code held} is given up when this returns: stop working
         * on it before returning.
         */
        void held(Set<PartitionLease> held);
    }

    /** One member's place in a group. */
    interface Membership extends AutoCloseable {

        /** The group's name. */
        String group();

        /** How many partitions the group has. */
        int partitions();

        /** The partitions this member holds now, with their tokens. */
        Set<PartitionLease> held();

        /**
         * Who held each partition when the leases were last renewed (a partition with no live holder is missing);
         * for routing work to a partition's holder. It may be a renewal behind.
         */
        Map<Integer, PartitionLease> holders();

        /** Leaves the group: its partitions are handed over at once. */
        @Override
        void close();
    }

    /**
     * A partition held by a member.
     *
     * @param group the group
     * @param partition the partition number, from 0
     * @param member the holder's {@link #memberId()}
     * @param address the holder's address as it joined, or empty
     * @param token the fencing token: larger for every later holder of this partition
     */
    record PartitionLease(String group, int partition, String member, String address, long token) {
    }
}
