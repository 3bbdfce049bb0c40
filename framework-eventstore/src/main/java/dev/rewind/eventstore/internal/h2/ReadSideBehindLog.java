package dev.rewind.eventstore.internal.h2;

import dev.rewind.core.eventstore.EventStore;
import dev.rewind.core.eventstore.EventStoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps what the embedded store's H2 database says about the log behind the log's head, on opening. H2 and the log
 * are written separately, so after a power loss (with {@code durability=process}) or a log restored from an older
 * backup, H2 can name positions the log no longer holds: a projector would then wait for events that never come and
 * report no lag. Such checkpoints are set back to the head (the events up to it are the ones the projector saw, so
 * it goes on with the next ones), and snapshots of stream versions the log no longer holds are dropped. Not done
 * for an empty log that lost nothing: a read side whose events are on a hub keeps its checkpoints here.
 */
public final class ReadSideBehindLog {

    private static final Logger LOG = LoggerFactory.getLogger(ReadSideBehindLog.class);

    private ReadSideBehindLog() {
    }

    /**
     * Sets back checkpoints past the head and drops snapshots ahead of their stream (one index lookup each).
     *
     * @return how many checkpoints were set back
     */
    public static int check(DataSource dataSource, EventStore store) {
        long head = store.headPosition();
        try (Connection connection = dataSource.getConnection()) {
            int reset = resetCheckpoints(connection, head);
            dropSnapshots(connection, store);
            return reset;
        } catch (SQLException e) {
            throw new EventStoreException("Could not check the checkpoints and snapshots in H2 against the event log ("
                    + e.getMessage() + "); check the store's folder and open the store again.", e);
        }
    }

    private static int resetCheckpoints(Connection connection, long head) throws SQLException {
        List<String> past = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT projector, last_position FROM rewind_checkpoints WHERE last_position > ?")) {
            query.setLong(1, head);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    past.add(rows.getString(1));
                    LOG.error("The checkpoint of projector '{}' is at position {}, past the event log's head {}: the"
                            + " log lost events the projector had processed (a power loss with durability=process,"
                            + " or a log restored from an older backup). Setting it back to {}; the projector goes on"
                            + " with the next events, and what it did for the lost ones stays (JDBC read models are"
                            + " rebuilt).", rows.getString(1), rows.getLong(2), head, head);
                }
            }
        }
        if (past.isEmpty()) {
            return 0;
        }
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE rewind_checkpoints SET last_position = ?, updated_at = ? WHERE last_position > ?")) {
            update.setLong(1, head);
            update.setObject(2, OffsetDateTime.now(ZoneOffset.UTC));
            update.setLong(3, head);
            update.executeUpdate();
        }
        return past.size();
    }

    private static void dropSnapshots(Connection connection, EventStore store) throws SQLException {
        List<String> ahead = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT stream_id, stream_version FROM rewind_snapshots");
                ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                String stream = rows.getString(1);
                long version = rows.getLong(2);
                if (store.readStream(stream, version, 1).isEmpty()) {
                    ahead.add(stream);
                    LOG.error("The snapshot of stream '{}' is of version {}, which the event log no longer holds;"
                            + " dropping it (the aggregate is loaded from its events).", stream, version);
                }
            }
        }
        try (PreparedStatement delete = connection.prepareStatement(
                "DELETE FROM rewind_snapshots WHERE stream_id = ?")) {
            for (String stream : ahead) {
                delete.setString(1, stream);
                delete.executeUpdate();
            }
        }
    }
}
