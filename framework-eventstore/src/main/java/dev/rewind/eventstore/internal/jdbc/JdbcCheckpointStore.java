package dev.rewind.eventstore.internal.jdbc;

import dev.rewind.core.eventstore.EventStoreException;
import dev.rewind.core.spi.CheckpointStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
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
