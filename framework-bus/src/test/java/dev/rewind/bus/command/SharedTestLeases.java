package dev.rewind.bus.command;

import dev.rewind.core.spi.PartitionLeases;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Partition leases for tests, held in memory and shared by the members made from one table: the test says who holds
 * each partition ({@link #assign}) and the members' listeners hear it at once, the old holder first.
 */
final class SharedTestLeases {

    private final Map<Integer, String> holderOf = new ConcurrentHashMap<>();
    private final Map<Integer, Long> tokens = new ConcurrentHashMap<>();
    private final Map<String, Member> members = new ConcurrentHashMap<>();

    /** A member with this id. */
    PartitionLeases member(String id) {
        Member member = new Member(id);
        members.put(id, member);
        return member;
    }

    /** Makes {@code memberId} the holder of {@code partition} (null: nobody), telling the old and the new holder. */
    synchronized void assign(int partition, String memberId) {
        String before = memberId == null ? holderOf.remove(partition) : holderOf.put(partition, memberId);
        tokens.merge(partition, 1L, Long::sum);
        if (before != null && !before.equals(memberId)) {
            tell(before);
        }
        if (memberId != null) {
            tell(memberId);
        }
    }

    private void tell(String memberId) {
        Member member = members.get(memberId);
        if (member != null) {
            member.tell();
        }
    }

    private final class Member implements PartitionLeases, PartitionLeases.Membership {
        private final String id;
        private volatile String group = "";
        private volatile int partitions;
        private volatile String address = "";
        private volatile Listener listener;

        Member(String id) {
            this.id = id;
        }

        @Override
        public String memberId() {
            return id;
        }

        @Override
        public Membership join(String groupName, int count, String memberAddress, Listener heldListener) {
            this.group = groupName;
            this.partitions = count;
            this.address = memberAddress;
            this.listener = heldListener;
            tell();
            return this;
        }

        void tell() {
            if (listener != null) {
                listener.held(held());
            }
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
            Set<PartitionLease> mine = new HashSet<>();
            holderOf.forEach((p, holder) -> {
                if (holder.equals(id)) {
                    mine.add(lease(p, holder));
                }
            });
            return mine;
        }

        @Override
        public Map<Integer, PartitionLease> holders() {
            Map<Integer, PartitionLease> all = new ConcurrentHashMap<>();
            holderOf.forEach((p, holder) -> all.put(p, lease(p, holder)));
            return all;
        }

        private PartitionLease lease(int partition, String holder) {
            Member member = members.get(holder);
            return new PartitionLease(group, partition, holder, member == null ? "" : member.address,
                    tokens.getOrDefault(partition, 0L));
        }

        @Override
        public void close() {
            synchronized (SharedTestLeases.this) {
                holderOf.values().removeIf(id::equals);
                Listener last = listener;
                listener = null;
                if (last != null) {
                    last.held(Set.of());
                }
            }
        }
    }
}
