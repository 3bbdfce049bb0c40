package dev.rewind.eventstore.internal.jdbc;

import dev.rewind.core.eventstore.EventStoreException;
import dev.rewind.core.spi.CheckpointStore;
import dev.rewind.core.spi.PartitionLeases.PartitionLease;
import dev.rewind.eventstore.internal.lease.LeaseFence;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import javax.sql.DataSource;

/** Projector checkpoints in the store's {@code rewind_checkpoints} table. */
public final class JdbcCheckpointStore implements CheckpointStore {

    private final DataSource dataSource;

    public JdbcCheckpointStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public long load(String projectorName) {
        try (Connection connection = dataSource.getConnection()) {
            return load(connection, projectorName);
        } catch (SQLException e) {
            throw failed("read", projectorName, e);
        }
    }

    @Override
    public void save(String projectorName, long position) {
        try (Connection connection = dataSource.getConnection()) {
            save(connection, projectorName, position);
        } catch (SQLException e) {
            throw failed("save", projectorName, e);
        }
    }

    /** Saves the checkpoints in one transaction that first checks the leases on the {@code rewind_leases} rows. */
    @Override
    public boolean saveFenced(Map<String, Long> positions, Collection<PartitionLease> leases) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                if (!fence(connection, leases)) {
                    connection.rollback();
                    return false;
                }
                for (Map.Entry<String, Long> checkpoint : positions.entrySet()) {
                    save(connection, checkpoint.getKey(), checkpoint.getValue());
                }
                connection.commit();
                return true;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw failed("save", String.join(", ", positions.keySet()), e);
        }
    }

    /**
     * Whether this process still holds every lease, checked in the caller's transaction: each lease row stays locked
     * until it ends, so no other process takes a partition over before the transaction's work is committed.
     */
    public static boolean fence(Connection connection, Collection<PartitionLease> leases) throws SQLException {
        // in partition order, the order the leases' renewal locks them in, so the two never deadlock
        List<PartitionLease> ordered = leases.stream().sorted(Comparator.comparingInt(PartitionLease::partition))
                .toList();
        for (PartitionLease lease : ordered) {
            if (!LeaseFence.holds(connection, lease)) {
                return false;
            }
        }
        return true;
    }

    /** Reads a checkpoint on the caller's connection (0 if none). */
    public static long load(Connection connection, String projectorName) throws SQLException {
        return find(connection, projectorName).orElse(0);
    }

    /** Reads a checkpoint on the caller's connection; empty if the projector never saved one. */
    public static OptionalLong find(Connection connection, String projectorName) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(PortableSql.LOAD_CHECKPOINT)) {
            query.setString(1, projectorName);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? OptionalLong.of(rows.getLong(1)) : OptionalLong.empty();
            }
        }
    }

    /** Writes a checkpoint on the caller's connection, inside the caller's transaction if it has one. */
    public static void save(Connection connection, String projectorName, long position) throws SQLException {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        try (PreparedStatement update = connection.prepareStatement(PortableSql.UPDATE_CHECKPOINT)) {
            update.setLong(1, position);
            update.setObject(2, now);
            update.setString(3, projectorName);
            if (update.executeUpdate() > 0) {
                return;
            }
        }
        try (PreparedStatement insert = connection.prepareStatement(PortableSql.INSERT_CHECKPOINT)) {
            insert.setString(1, projectorName);
            insert.setLong(2, position);
            insert.setObject(3, now);
            insert.executeUpdate();
        }
    }

    private static EventStoreException failed(String what, String projectorName, SQLException e) {
        return new EventStoreException("Could not " + what + " the checkpoint of projector '" + projectorName + "' ("
                + e.getMessage() + "); check that the database is reachable.", e);
    }
}
