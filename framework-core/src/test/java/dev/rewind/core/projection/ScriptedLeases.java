package dev.rewind.core.projection;

import dev.rewind.core.spi.PartitionLeases;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Partition leases whose holders the test decides: members of one {@link Board} start with nothing, and
 * {@link #assign} gives one member a set of partitions (with new tokens), telling its listener at once, as the
 * PostgreSQL leases do at a renewal.
 */
final class ScriptedLeases implements PartitionLeases {

    /** What every member of one test sees: who holds which partition, and the tokens. */
    static final class Board {
        final Map<Integer, PartitionLease> holders = new ConcurrentHashMap<>();
        final AtomicLong tokens = new AtomicLong();
    }

    private final String memberId;
    private final Board board;
    private final Map<String, Joined> groups = new ConcurrentHashMap<>();

    ScriptedLeases(String memberId, Board board) {
        this.memberId = memberId;
        this.board = board;
    }

    @Override
    public String memberId() {
        return memberId;
    }

    @Override
    public Membership join(String group, int partitions, String address, Listener listener) {
        Joined joined = new Joined(group, partitions, listener);
        groups.put(group, joined);
        return joined;
    }

    /** This member holds exactly {@code partitions} of {@code group} from now on; returns once its listener has. */
    void assign(String group, Integer... partitions) {
        Joined joined = groups.get(group);
        Set<PartitionLease> held = new HashSet<>();
        for (int p : partitions) {
            PartitionLease lease = new PartitionLease(group, p, memberId, "", board.tokens.incrementAndGet());
            board.holders.put(p, lease);
            held.add(lease);
        }
        joined.held = Set.copyOf(held);
        joined.listener.held(joined.held);
    }

    @Override
    public void close() {
        groups.values().forEach(Joined::close);
    }

    private final class Joined implements Membership {
        private final String group;
        private final int partitions;
        private final Listener listener;
        private volatile Set<PartitionLease> held = Set.of();

        Joined(String group, int partitions, Listener listener) {
            this.group = group;
            this.partitions = partitions;
            this.listener = listener;
        }

        @Override
        public String group() {
            return group;
        }

        @Override
        public int partitions() {
            return partitions;
        }

        @Override
        public Set<PartitionLease> held() {
            return held;
        }

        @Override
        public Map<Integer, PartitionLease> holders() {
            return Map.copyOf(board.holders);
        }

        @Override
        public void close() {
            held.forEach(lease -> board.holders.remove(lease.partition(), lease));
            held = Set.of();
            listener.held(held);
        }
    }
}
