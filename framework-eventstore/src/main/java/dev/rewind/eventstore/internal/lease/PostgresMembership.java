package dev.rewind.eventstore.internal.lease;

import dev.rewind.core.eventstore.EventStoreException;
import dev.rewind.core.spi.PartitionLeases.Listener;
import dev.rewind.core.spi.PartitionLeases.Membership;
import dev.rewind.core.spi.PartitionLeases.PartitionLease;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One member's place in one group. Every renewal, in one transaction: lock the group's rows, note this member
 * alive, forget members whose time ran out, share the partitions out over the live members in member-id order
 * (partition {@code p} to the {@code p mod n}-th), renew the leases held and claim the free or lapsed ones this member
 * should hold. Then tell the listener, and only after that hand back the partitions another member should now hold.
 * A watchdog drops every partition locally once renewals have failed for most of the lease time, before the database
 * lets another member take them.
 */
final class PostgresMembership implements Membership {

    private static final Logger LOG = LoggerFactory.getLogger(PostgresMembership.class);

    private final DataSource dataSource;
    private final long leaseMillis;
    private final String member;
    private final String group;
    private final int partitions;
    private final String address;
    private final Listener listener;
    private final BiConsumer<String, Membership> onClose;
    private final ScheduledThreadPoolExecutor threads;
    private final Object publishing = new Object();
    private volatile Set<PartitionLease> held = Set.of();
    private volatile Map<Integer, PartitionLease> holders = Map.of();
    private volatile long renewedAt;
    private volatile boolean closed;
    private boolean failing;

    PostgresMembership(DataSource dataSource, Duration lease, String member, String group, int partitions,
            String address, Listener listener, BiConsumer<String, Membership> onClose) {
        this.dataSource = dataSource;
        this.leaseMillis = lease.toMillis();
        this.member = member;
        this.group = group;
        this.partitions = partitions;
        this.address = address;
        this.listener = listener;
        this.onClose = onClose;
        this.threads = new ScheduledThreadPoolExecutor(2, runnable -> {
            Thread thread = new Thread(runnable, "rewind-leases-" + group);
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Checks the group's size, takes a first share, then renews in the background. */
    void start() {
        try (Connection connection = dataSource.getConnection()) {
            try (PreparedStatement add = connection.prepareStatement(LeaseSql.ADD_PARTITIONS)) {
                add.setString(1, group);
                add.setInt(2, partitions);
                add.executeUpdate();
            }
            try (PreparedStatement sizes = connection.prepareStatement(LeaseSql.OTHER_SIZES)) {
                sizes.setString(1, group);
                sizes.setInt(2, partitions);
                try (ResultSet other = sizes.executeQuery()) {
                    if (other.next()) {
                        throw new IllegalArgumentException("Group '" + group + "' has " + other.getInt(2)
                                + " partitions (member " + other.getString(1) + "), and this process gives "
                                + partitions + "; every member of a group must give the same number. Stop the"
                                + " members of the old number before starting ones with a new number.");
                    }
                }
            }
        } catch (SQLException e) {
            throw new EventStoreException("Could not join lease group '" + group + "': "
                    + e.getMessage() + "; check that the database is reachable.", e);
        }
        renew();
        long every = Math.max(100, leaseMillis / 3);
        threads.scheduleWithFixedDelay(this::renew, every, every, TimeUnit.MILLISECONDS);
        threads.scheduleAtFixedRate(this::watch, every / 2, every / 2, TimeUnit.MILLISECONDS);
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
        return holders;
    }

    private void renew() {
        if (closed) {
            return;
        }
        long started = System.nanoTime();
        Map<Integer, Long> renewed = new HashMap<>();
        Map<Integer, Long> claimed = new HashMap<>();
        Set<Integer> wanted = new HashSet<>();
        Map<Integer, PartitionLease> seen = new HashMap<>();
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                lockGroup(connection);
                heartbeat(connection);
                List<String> members = members(connection);
                int index = members.indexOf(member);
                for (int p = 0; p < partitions; p++) {
                    if (p % members.size() == index) {
                        wanted.add(p);
                    }
                }
                renewed.putAll(renewHeld(connection));
                for (int p : wanted) {
                    if (!renewed.containsKey(p)) {
                        claim(connection, p).ifPresent(token -> claimed.put(p, token));
                    }
                }
                seen.putAll(holders(connection));
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException | RuntimeException e) {
            if (!failing) {
                failing = true;
                LOG.warn("Lease group '{}': could not renew the leases ({}); retrying, and giving the partitions up"
                        + " if that goes on for the lease time", group, e.toString());
            }
            return;
        }
        renewedAt = started;
        if (failing) {
            failing = false;
            LOG.info("Lease group '{}': renewing the leases again", group);
        }
        Set<PartitionLease> next = new HashSet<>();
        Set<Integer> giveBack = new HashSet<>();
        renewed.forEach((p, token) -> {
            if (wanted.contains(p)) {
                next.add(lease(p, token));
            } else {
                giveBack.add(p);
            }
        });
        claimed.forEach((p, token) -> next.add(lease(p, token)));
        holders = Map.copyOf(seen);
        publish(Set.copyOf(next));
        if (!giveBack.isEmpty()) {
            release(giveBack);
        }
    }

    /** Gives every partition up locally when renewals have failed for three quarters of the lease time. */
    private void watch() {
        if (!held.isEmpty() && System.nanoTime() - renewedAt > TimeUnit.MILLISECONDS.toNanos(leaseMillis * 3 / 4)) {
            LOG.warn("Lease group '{}': the leases were not renewed for {} ms; giving up partitions {} here",
                    group, leaseMillis * 3 / 4, partitionsOf(held));
            publish(Set.of());
        }
    }

    private void publish(Set<PartitionLease> next) {
        synchronized (publishing) {
            if (next.equals(held)) {
                return;
            }
            held = next;
            try {
                listener.held(next);
            } catch (RuntimeException e) {
                LOG.error("Lease group '{}': the listener failed on partitions {}", group, partitionsOf(next), e);
            }
        }
    }

    private PartitionLease lease(int partition, long token) {
        return new PartitionLease(group, partition, member, address, token);
    }

    /**
     * Locks the group's rows in partition order first: renewals of one group then take turns instead of deadlocking
     * on each other's rows, and the fences of work under the leases lock in the same order.
     */
    private void lockGroup(Connection connection) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement(LeaseSql.LOCK_GROUP)) {
            lock.setString(1, group);
            try (ResultSet rows = lock.executeQuery()) {
                while (rows.next()) {
                    // every row is locked once read
                }
            }
        }
    }

    private void heartbeat(Connection connection) throws SQLException {
        try (PreparedStatement beat = connection.prepareStatement(LeaseSql.HEARTBEAT)) {
            beat.setString(1, group);
            beat.setString(2, member);
            beat.setInt(3, partitions);
            beat.setLong(4, leaseMillis);
            beat.executeUpdate();
        }
        try (PreparedStatement forget = connection.prepareStatement(LeaseSql.FORGET_DEAD)) {
            forget.setString(1, group);
            forget.executeUpdate();
        }
    }

    private List<String> members(Connection connection) throws SQLException {
        List<String> members = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement(LeaseSql.MEMBERS)) {
            query.setString(1, group);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    members.add(rows.getString(1));
                }
            }
        }
        return members;
    }

    private Map<Integer, Long> renewHeld(Connection connection) throws SQLException {
        Map<Integer, Long> renewed = new HashMap<>();
        try (PreparedStatement update = connection.prepareStatement(LeaseSql.RENEW)) {
            update.setLong(1, leaseMillis);
            update.setString(2, group);
            update.setString(3, member);
            update.setInt(4, partitions);
            try (ResultSet rows = update.executeQuery()) {
                while (rows.next()) {
                    renewed.put(rows.getInt(1), rows.getLong(2));
                }
            }
        }
        return renewed;
    }

    private Optional<Long> claim(Connection connection, int partition) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(LeaseSql.CLAIM)) {
            update.setString(1, member);
            update.setString(2, address);
            update.setLong(3, leaseMillis);
            update.setString(4, group);
            update.setInt(5, partition);
            try (ResultSet row = update.executeQuery()) {
                return row.next() ? Optional.of(row.getLong(1)) : Optional.empty();
            }
        }
    }

    private Map<Integer, PartitionLease> holders(Connection connection) throws SQLException {
        Map<Integer, PartitionLease> seen = new HashMap<>();
        try (PreparedStatement query = connection.prepareStatement(LeaseSql.HOLDERS)) {
            query.setString(1, group);
            query.setInt(2, partitions);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    int p = rows.getInt(1);
                    seen.put(p, new PartitionLease(group, p, rows.getString(2), rows.getString(3), rows.getLong(4)));
                }
            }
        }
        return seen;
    }

    private void release(Set<Integer> giveBack) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement update = connection.prepareStatement(LeaseSql.RELEASE)) {
            for (int p : giveBack) {
                update.setString(1, group);
                update.setInt(2, p);
                update.setString(3, member);
                update.addBatch();
            }
            update.executeBatch();
        } catch (SQLException e) {
            LOG.warn("Lease group '{}': could not hand back partitions {} ({}); they move when their lease runs out",
                    group, giveBack, e.toString());
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        threads.shutdown();
        try {
            threads.awaitTermination(leaseMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        threads.shutdownNow();
        publish(Set.of());
        try (Connection connection = dataSource.getConnection()) {
            for (String statement : List.of(LeaseSql.RELEASE_ALL, LeaseSql.LEAVE)) {
                try (PreparedStatement update = connection.prepareStatement(statement)) {
                    update.setString(1, group);
                    update.setString(2, member);
                    update.executeUpdate();
                }
            }
        } catch (SQLException e) {
            LOG.warn("Lease group '{}': could not hand back the partitions on leaving ({}); they move when their"
                    + " lease runs out", group, e.toString());
        }
        onClose.accept(group, this);
    }

    private static List<Integer> partitionsOf(Set<PartitionLease> leases) {
        return leases.stream().map(PartitionLease::partition).sorted().toList();
    }
}
