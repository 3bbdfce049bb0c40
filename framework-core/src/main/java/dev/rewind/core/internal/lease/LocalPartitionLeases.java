package dev.rewind.core.internal.lease;

import dev.rewind.core.spi.PartitionLeases;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** Leases of a single process: its one member holds every partition of every group, with token 1. */
public final class LocalPartitionLeases implements PartitionLeases {

    private final String memberId = "local-" + UUID.randomUUID();
    private final Map<String, Group> groups = new ConcurrentHashMap<>();

    @Override
    public String memberId() {
        return memberId;
    }

    @Override
    public Membership join(String group, int partitions, String address, Listener listener) {
        if (partitions < 1) {
            throw new IllegalArgumentException("Group '" + group + "' needs at least one partition, not "
                    + partitions);
        }
        Group joined = new Group(group, partitions, address == null ? "" : address, listener);
        if (groups.putIfAbsent(group, joined) != null) {
            throw new IllegalStateException("This process joined group '" + group + "' already; join each group"
                    + " once.");
        }
        listener.held(joined.held());
        return joined;
    }

    @Override
    public void close() {
        groups.values().forEach(Group::close);
    }

    private final class Group implements Membership {
        private final String name;
        private final int partitions;
        private final Map<Integer, PartitionLease> leases = new HashMap<>();
        private final Listener listener;
        private boolean closed;

        Group(String name, int partitions, String address, Listener listener) {
            this.name = name;
            this.partitions = partitions;
            this.listener = listener;
            for (int p = 0; p < partitions; p++) {
                leases.put(p, new PartitionLease(name, p, memberId, address, 1));
            }
        }

        @Override
        public String group() {
            return name;
        }

        @Override
        public int partitions() {
            return partitions;
        }

        @Override
        public synchronized Set<PartitionLease> held() {
            return closed ? Set.of() : Set.copyOf(leases.values());
        }

        @Override
        public synchronized Map<Integer, PartitionLease> holders() {
            return closed ? Map.of() : Map.copyOf(leases);
        }

        @Override
        public void close() {
            synchronized (this) {
                if (closed) {
                    return;
                }
                closed = true;
            }
            groups.remove(name, this);
            listener.held(Set.of());
        }
    }
}
