package dev.rewind.eventstore;

import dev.rewind.core.eventstore.EventStoreException;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts back, on opening an H2 store, the acknowledged appends that were in the {@link CommitJournal} but not yet in
 * H2's file when the last process died. H2 recovers to a consistent earlier commit, so the missing part is exactly the
 * journal's rows after H2's head; the rows H2 does hold are checked against the journal by event id.
 */
final class JournalReplay {

    private static final Logger LOG = LoggerFactory.getLogger(JournalReplay.class);
    private static final int BATCH = 1_000;

    private JournalReplay() {
    }

    /**
     * Replays the journal into the database, makes H2 write its file, and empties the journal.
     *
     * @throws EventStoreException if the journal and the database disagree, or either cannot be read or written
     */
    static void replay(DataSource dataSource, DialectSql sql, CommitJournal journal) {
        try (Connection c = dataSource.getConnection()) {
            List<EventRow> rows = journal.readAll();
            if (!rows.isEmpty()) {
                c.setAutoCommit(false);
                long head = head(c, sql);
                checkDense(rows);
                long first = rows.get(0).position();
                if (first > head + 1) {
                    throw new EventStoreException("The H2 store ends at position " + head + " but its journal starts"
                            + " at " + first + ": events " + (head + 1) + ".." + (first - 1) + " are missing. The"
                            + " database file was replaced or damaged; restore it from a backup of this folder.");
                }
                checkOverlap(c, rows, head);
                int added = insertAfter(c, sql, rows, head);
                c.commit();
                if (added > 0) {
                    LOG.info("Recovered {} acknowledged events (positions {}..{}) from the journal", added,
                            head + 1, rows.get(rows.size() - 1).position());
                }
            }
            checkpoint(c);
            journal.clear();
        } catch (SQLException | IOException e) {
            throw new EventStoreException("Could not recover the H2 store from its journal (" + e.getMessage()
                    + "); the journal is kept, so no acknowledged event is lost. Fix the cause and open it again.", e);
        }
    }

    /** Makes H2 write every committed change to its file now, so the journal may be emptied. */
    static void checkpoint(Connection c) throws SQLException {
        try (Statement statement = c.createStatement()) {
            statement.execute("CHECKPOINT");
        }
        if (!c.getAutoCommit()) {
            c.commit();
        }
    }

    private static long head(Connection c, DialectSql sql) throws SQLException {
        try (PreparedStatement query = c.prepareStatement(sql.head()); ResultSet result = query.executeQuery()) {
            return result.next() ? result.getLong(1) : 0;
        }
    }

    private static void checkDense(List<EventRow> rows) {
        for (int i = 1; i < rows.size(); i++) {
            if (rows.get(i).position() != rows.get(i - 1).position() + 1) {
                throw new EventStoreException("The journal jumps from position " + rows.get(i - 1).position()
                        + " to " + rows.get(i).position() + "; it was changed outside Rewind. Restore the folder"
                        + " from a backup.");
            }
        }
    }

    /** The rows both hold must be the same events, or H2's file and the journal belong to different histories. */
    private static void checkOverlap(Connection c, List<EventRow> rows, long head) throws SQLException {
        long first = rows.get(0).position();
        if (first > head) {
            return;
        }
        try (PreparedStatement query = c.prepareStatement("SELECT global_position, event_id FROM rewind_events"
                + " WHERE global_position BETWEEN ? AND ? ORDER BY global_position")) {
            query.setLong(1, first);
            query.setLong(2, Math.min(head, rows.get(rows.size() - 1).position()));
            try (ResultSet stored = query.executeQuery()) {
                while (stored.next()) {
                    long position = stored.getLong(1);
                    EventRow expected = rows.get((int) (position - first));
                    if (!expected.eventId().equals(stored.getObject(2, UUID.class))) {
                        throw new EventStoreException("Position " + position + " holds event "
                                + stored.getObject(2, UUID.class) + " in the H2 file but " + expected.eventId()
                                + " in the journal; the file was damaged. Restore the folder from a backup.");
                    }
                }
            }
        }
    }

    private static int insertAfter(Connection c, DialectSql sql, List<EventRow> rows, long head)
            throws SQLException {
        int added = 0;
        try (PreparedStatement insert = c.prepareStatement(sql.insertEvent())) {
            for (EventRow row : rows) {
                if (row.position() > head) {
                    EventRows.addInsert(insert, row);
                    if (++added % BATCH == 0) {
                        insert.executeBatch();
                    }
                }
            }
            insert.executeBatch();
        }
        return added;
    }
}
