package dev.rewind.eventstore.internal.log;

import dev.rewind.core.eventstore.EventStoreException;
import dev.rewind.eventstore.internal.append.EventRow;
import dev.rewind.eventstore.internal.append.EventRows;
import dev.rewind.eventstore.internal.h2.H2FileDamagedException;
import dev.rewind.eventstore.internal.schema.DialectSql;
import dev.rewind.eventstore.internal.schema.SchemaMigrator;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks an H2 store's database against its {@link EventLog} on opening, before the schema is migrated. Since schema
 * version 5 H2 holds no events, only checkpoints, snapshots and read models, so a database whose log is missing is
 * refused rather than served with an empty log. A store written before the log existed (schema version 1) has its
 * events copied into the log first, while H2 still holds them.
 */
final class LogRecovery {

    private static final Logger LOG = LoggerFactory.getLogger(LogRecovery.class);
    private static final int BATCH = 1_000;
    /** Schema version 1 kept whole events in H2; version 2 keeps them in the log only. */
    private static final String VERSION_ONE_READ_ALL = "SELECT " + DialectSql.EVENT_COLUMNS
            + " FROM rewind_events WHERE global_position >= ? ORDER BY global_position LIMIT ?";
    private static final String VERSION_ONE_HEAD = "SELECT COALESCE(MAX(global_position), 0) FROM rewind_events";
    private static final String VERSION_ONE_EVENT_AT =
            "SELECT stream_id, stream_version FROM rewind_events WHERE global_position = ?";

    private LogRecovery() {
    }

    /**
     * Checks the database against the log and copies a version-1 store's events into the log.
     *
     * @throws H2FileDamagedException if a version-1 store's event at the log's head differs from the log's
     * @throws EventStoreException if the log is missing, or either cannot be read or written
     */
    static void check(DataSource dataSource, DialectSql sql, EventLog log) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            int version = SchemaMigrator.currentVersion(c, sql);
            if (version == 1) {
                long head = head(c, VERSION_ONE_HEAD);
                if (head > log.lastPosition()) {
                    checkSameEvent(c, log, log.lastPosition());
                    copyIntoLog(c, log, head);
                }
            } else if (version > 1 && log.wasCreated()) {
                throw new EventStoreException("The event log " + EventLog.FILE_NAME + " is missing from "
                        + log.folder() + ", but the store's H2 file (schema version " + version + ") is there, and"
                        + " only the log holds the events. Restore the log; to start an empty store instead, move"
                        + " rewind.mv.db away as well");
            }
            c.commit();
        } catch (EventStoreException e) {
            // H2FileDamagedException among them: the opener moves the file aside
            throw e;
        } catch (Exception e) {
            throw new EventStoreException("Could not check the H2 store against its event log " + EventLog.FILE_NAME
                    + " (" + e.getMessage() + "); the H2 file is unchanged. Fix the cause (disk space, permissions)"
                    + " and open the store again.", e);
        }
    }

    private static long head(Connection c, String query) throws SQLException {
        try (PreparedStatement select = c.prepareStatement(query); ResultSet result = select.executeQuery()) {
            return result.next() ? result.getLong(1) : 0;
        }
    }

    /** Both must hold the same event at {@code position} (nothing to check at 0): the same stream and version. */
    private static void checkSameEvent(Connection c, EventLog log, long position) throws Exception {
        if (position == 0) {
            return;
        }
        String stored;
        try (PreparedStatement query = c.prepareStatement(VERSION_ONE_EVENT_AT)) {
            query.setLong(1, position);
            try (ResultSet row = query.executeQuery()) {
                stored = row.next() ? where(row.getString(1), row.getLong(2)) : null;
            }
        }
        String[] logged = new String[1];
        log.readFrom(position, position, row -> logged[0] = where(row.streamId(), row.version()));
        if (stored == null || !stored.equals(logged[0])) {
            throw new H2FileDamagedException("Position " + position + " holds " + stored + " in the H2 file but "
                    + logged[0] + " in the event log; the H2 file was damaged");
        }
    }

    private static String where(String streamId, long version) {
        return "version " + version + " of stream '" + streamId + "'";
    }

    private static void copyIntoLog(Connection c, EventLog log, long head) throws Exception {
        long from = log.lastPosition() + 1;
        try (PreparedStatement query = c.prepareStatement(VERSION_ONE_READ_ALL)) {
            while (log.lastPosition() < head) {
                query.setLong(1, log.lastPosition() + 1);
                query.setInt(2, BATCH);
                List<EventRow> rows = new ArrayList<>(BATCH);
                try (ResultSet result = query.executeQuery()) {
                    while (result.next()) {
                        rows.add(EventRows.readRow(result));
                    }
                }
                log.append(rows);
                log.committed();
            }
        }
        LOG.info("Copied events {}..{} of the H2 store into its new event log", from, head);
    }
}
