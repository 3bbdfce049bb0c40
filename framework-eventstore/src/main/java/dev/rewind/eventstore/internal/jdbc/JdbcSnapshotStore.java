package dev.rewind.eventstore.internal.jdbc;

import dev.rewind.core.spi.Snapshot;
import dev.rewind.core.spi.SnapshotStore;
import dev.rewind.core.eventstore.EventStoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import javax.sql.DataSource;

/** Aggregate snapshots in the store's {@code rewind_snapshots} table; a save never replaces a newer snapshot. */
public final class JdbcSnapshotStore implements SnapshotStore {

    private final DataSource dataSource;

    public JdbcSnapshotStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public Optional<Snapshot> load(String streamId) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement(PortableSql.LOAD_SNAPSHOT)) {
            query.setString(1, streamId);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? Optional.of(new Snapshot(streamId, rows.getLong(1), rows.getBytes(2)))
                        : Optional.empty();
            }
        } catch (SQLException e) {
            throw failed("read", streamId, e);
        }
    }

    @Override
    public void save(Snapshot snapshot) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        try (Connection connection = dataSource.getConnection()) {
            try (PreparedStatement update = connection.prepareStatement(PortableSql.UPDATE_SNAPSHOT)) {
                update.setLong(1, snapshot.version());
                update.setBytes(2, snapshot.data());
                update.setObject(3, now);
                update.setString(4, snapshot.streamId());
                update.setLong(5, snapshot.version());
                if (update.executeUpdate() > 0) {
                    return;
                }
            }
            try (PreparedStatement exists = connection.prepareStatement(PortableSql.SNAPSHOT_EXISTS)) {
                exists.setString(1, snapshot.streamId());
                try (ResultSet rows = exists.executeQuery()) {
                    if (rows.next()) {
                        return; // a snapshot at the same or a newer version is stored; keep it
                    }
                }
            }
            try (PreparedStatement insert = connection.prepareStatement(PortableSql.INSERT_SNAPSHOT)) {
                insert.setString(1, snapshot.streamId());
                insert.setLong(2, snapshot.version());
                insert.setBytes(3, snapshot.data());
                insert.setObject(4, now);
                insert.executeUpdate();
            } catch (SQLException e) {
                if (e.getSQLState() == null || !e.getSQLState().startsWith("23")) {
                    throw e;
                }
                // Another writer inserted this stream's snapshot meanwhile; snapshots only speed loading up.
            }
        } catch (SQLException e) {
            throw failed("save", snapshot.streamId(), e);
        }
    }

    private static EventStoreException failed(String what, String streamId, SQLException e) {
        return new EventStoreException("Could not " + what + " the snapshot of stream '" + streamId + "' ("
                + e.getMessage() + "); snapshots only speed loading up, but check that the database is reachable.",
                e);
    }
}
