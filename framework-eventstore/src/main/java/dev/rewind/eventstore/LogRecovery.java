package dev.rewind.eventstore;

import dev.rewind.core.eventstore.EventStoreException;
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
 * Brings an H2 store's database in line with its {@link EventLog} on opening. H2 writes its file in the background,
 * so after {@code kill -9} it reopens at an earlier commit: the events it lost are exactly the log's events after
 * H2's head, and they are inserted again. Before that, H2's event at its head must be the log's event there; if not,
 * the file was damaged and {@link H2FileDamagedException} tells the opener to rebuild it. A store written before the
 * log existed has its events copied into the log first ({@link #copyVersionOneStore}), while H2 still holds them.
 */
final class LogRecovery {

    private static final Logger LOG = LoggerFactory.getLogger(LogRecovery.class);
    private static final int BATCH = 1_000;
    /** Schema version 1 kept whole events in H2; version 2 keeps them in the log only. */
    private static final String VERSION_ONE_READ_ALL = "SELECT " + DialectSql.EVENT_COLUMNS
            + " FROM rewind_events WHERE global_position >= ? ORDER BY global_position LIMIT ?";

    private LogRecovery() {
    }

    /**
     * Before the schema is migrated: a database at schema version 1 that holds more events than the log (a store
     * written before the log existed) copies them into the log, as version 2 keeps them nowhere else.
     *
     * @throws H2FileDamagedException if H2's event at the log's head differs from the log's
     * @throws EventStoreException if either cannot be read or written
     */
    static void copyVersionOneStore(DataSource dataSource, DialectSql sql, EventLog log) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            long head = SchemaMigrator.currentVersion(c, sql) == 1 ? head(c, sql) : 0;
            if (head > log.lastPosition()) {
                checkSameEvent(c, log, log.lastPosition());
                copyIntoLog(c, log, head);
            }
            c.commit();
        } catch (H2FileDamagedException e) {
            throw e;
        } catch (Exception e) {
            throw new EventStoreException("Could not copy the events of the H2 store into its new event log "
                    + EventLog.FILE_NAME + " (" + e.getMessage() + "); the H2 file is unchanged. Fix the cause (disk"
                    + " space, permissions) and open the store again.", e);
        }
    }

    /**
     * Makes H2 hold exactly the log's events.
     *
     * @throws H2FileDamagedException if H2's head event differs from the log's, H2 lists events the log lacks, or a
     *     row H2 does not list blocks the log's events
     * @throws EventStoreException if either cannot be read or written
     */
    static void recover(DataSource dataSource, DialectSql sql, EventLog log) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            long head = head(c, sql);
            long logged = log.lastPosition();
            if (head > logged) {
                throw new H2FileDamagedException("The H2 file lists events up to position " + head + ", but the"
                        + " event log " + EventLog.FILE_NAME + " ends at position " + logged + ", and only the log"
                        + " holds the events: the log was removed or replaced, or lost its end in a power failure"
                        + " (without -Drewind.h2.fsync=true). Restore the log if you can; an empty log is never"
                        + " taken over, a shorter one has the H2 file rebuilt from it");
            }
            checkSameEvent(c, log, head);
            try {
                insertFromLog(c, sql, log, head);
            } catch (SQLException e) {
                if (!isUniqueViolation(e)) {
                    throw e;
                }
                throw new H2FileDamagedException("The H2 file holds a row that its head (position " + head + ")"
                        + " does not show and that blocks putting back the log's events after it (" + e.getMessage()
                        + "): a row of a transaction a crash cut short, which H2's recovery left behind; the H2 file"
                        + " is damaged");
            }
            c.commit();
        } catch (H2FileDamagedException e) {
            throw e;
        } catch (Exception e) {
            throw new EventStoreException("Could not bring the H2 store in line with its event log "
                    + EventLog.FILE_NAME + " (" + e.getMessage() + "); the log is kept, so no acknowledged event is"
                    + " lost. Fix the cause (disk space, permissions) and open the store again.", e);
        }
    }

    /** A unique constraint refused a row, as H2 reports it (possibly inside a batch failure). */
    private static boolean isUniqueViolation(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sqlError && "23505".equals(sqlError.getSQLState())) {
                return true;
            }
        }
        return e.getNextException() != null && "23505".equals(e.getNextException().getSQLState());
    }

    private static long head(Connection c, DialectSql sql) throws SQLException {
        try (PreparedStatement query = c.prepareStatement(sql.head()); ResultSet result = query.executeQuery()) {
            return result.next() ? result.getLong(1) : 0;
        }
    }

    /**
     * Both must hold the same event at {@code position} (nothing to check at 0): the same stream and version (H2
     * keeps no event id since schema version 4).
     */
    private static void checkSameEvent(Connection c, EventLog log, long position) throws Exception {
        if (position == 0) {
            return;
        }
        String stored;
        try (PreparedStatement query = c.prepareStatement(H2Sql.EVENT_AT)) {
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

    private static void insertFromLog(Connection c, DialectSql sql, EventLog log, long head) throws Exception {
        if (head == log.lastPosition()) {
            return;
        }
        int[] added = {0};
        try (PreparedStatement insert = c.prepareStatement(sql.insertEvent())) {
            log.readFrom(head + 1, log.lastPosition(), row -> {
                EventRows.addIndexInsert(insert, row);
                if (++added[0] % BATCH == 0) {
                    insert.executeBatch();
                    c.commit();
                }
            });
            insert.executeBatch();
        }
        LOG.info("Put back {} acknowledged events (positions {}..{}) from the event log that H2's file did not hold",
                added[0], head + 1, log.lastPosition());
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
