package dev.rewind.eventstore.internal.lease;

import dev.rewind.core.eventstore.EventStoreException;
import dev.rewind.core.spi.PartitionLeases;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

/**
 * Partition leases shared by every process that uses one PostgreSQL database: a row per partition in
 * {@code rewind_leases} and a row per live member in {@code rewind_lease_members}. Each group this process joins is
 * renewed on a thread of its own every third of the lease time; a member that stops renewing loses its partitions
 * once its lease has run out, and its live peers take them at their next renewal.
 */
public final class PostgresPartitionLeases implements PartitionLeases {

    /** The default lease time: partitions of a dead member move within about this plus a third of it. */
    public static final Duration DEFAULT_LEASE = Duration.ofSeconds(3);

    private final DataSource dataSource;
    private final Duration lease;
    private final String memberId;
    private final Map<String, PostgresMembership> groups = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /**
     * Leases on a database, creating their two tables if they are missing.
     *
     * @throws IllegalArgumentException if the lease time is under 300 ms
     * @throws EventStoreException if the tables cannot be created
     */
    public PostgresPartitionLeases(DataSource dataSource, Duration lease) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource must not be null");
        this.lease = Objects.requireNonNull(lease, "lease must not be null");
        if (lease.toMillis() < 300) {
            throw new IllegalArgumentException("A lease time under 300 ms leaves no time to renew it; got " + lease);
        }
        this.memberId = host() + "-" + ManagementFactory.getRuntimeMXBean().getPid() + "-"
                + UUID.randomUUID().toString().substring(0, 8);
        createTables();
    }

    private void createTables() {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (Statement sql = connection.createStatement()) {
                sql.execute(LeaseSql.CREATE_LOCK);
                sql.execute(LeaseSql.CREATE_LEASES);
                sql.execute(LeaseSql.CREATE_MEMBERS);
                connection.commit();
            } catch (SQLException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new EventStoreException("Could not create the partition lease tables (rewind_leases,"
                    + " rewind_lease_members): " + e.getMessage() + "; the database user needs CREATE on its schema.",
                    e);
        }
    }

    @Override
    public String memberId() {
        return memberId;
    }

    /** The lease time. */
    public Duration leaseTime() {
        return lease;
    }

    @Override
    public Membership join(String group, int partitions, String address, Listener listener) {
        Objects.requireNonNull(group, "group must not be null");
        Objects.requireNonNull(listener, "listener must not be null");
        if (group.isBlank() || group.length() > 200) {
            throw new IllegalArgumentException("A lease group needs a name of 1 to 200 characters, got '" + group
                    + "'");
        }
        if (partitions < 1) {
            throw new IllegalArgumentException("Group '" + group + "' needs at least one partition, not "
                    + partitions);
        }
        if (closed) {
            throw new IllegalStateException("These partition leases are closed; open new ones to join '" + group
                    + "'.");
        }
        PostgresMembership membership = new PostgresMembership(dataSource, lease, memberId, group, partitions,
                address == null ? "" : address, listener, groups::remove);
        if (groups.putIfAbsent(group, membership) != null) {
            throw new IllegalStateException("This process joined group '" + group + "' already; join each group"
                    + " once.");
        }
        try {
            membership.start();
        } catch (RuntimeException e) {
            groups.remove(group, membership);
            throw e;
        }
        return membership;
    }

    @Override
    public void close() {
        closed = true;
        groups.values().forEach(PostgresMembership::close);
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "host";
        }
    }
}
