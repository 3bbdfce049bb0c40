package dev.rewind.eventstore;

import dev.rewind.core.eventstore.AppendResult;
import dev.rewind.core.eventstore.ExpectedVersion;
import dev.rewind.core.eventstore.NewEvent;
import dev.rewind.core.eventstore.WrongExpectedVersionException;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The writer's transactions, on one connection the writer thread owns. Every transaction first takes the head: on
 * PostgreSQL by locking the head row until commit, so positions are dense and in commit order even with several
 * processes writing to one database; on H2 from the single writer's own count.
 *
 * <p>{@link #writeGroup} is the fast path: many appends in one transaction, versions checked against the cached
 * stream heads. {@link #writeAlone} is the careful path, one append per transaction with every check made against
 * the database (including the idempotency check of {@link RepeatedAppends}): it decides the appends the fast path
 * could not (a version mismatch, which may be an idempotent re-send) and retries a group whose transaction failed
 * (a duplicate event id, a lost connection).
 *
 * <p>On H2 each transaction's rows also go to the {@link EventLog} just before the commit, and a commit that fails
 * takes its record back: the log, not H2's file, is what makes an acknowledged append survive {@code kill -9}.
 * H2 has no unique index on event ids: the {@link EventIdIndex} gets each committed transaction's ids, the fast path
 * defers any append with an id the index (or an earlier append of the group) has, and the careful path checks ids
 * through the index and the log.
 */
final class AppendTransactions implements AutoCloseable {

    private static final int HEAD_CACHE_SIZE = 100_000;

    private final DataSource dataSource;
    private final DialectSql sql;
    private final String notifyChannel;
    private final Clock clock;
    private final StreamHeads heads = new StreamHeads(HEAD_CACHE_SIZE);
    private final EventLog log;
    private final StreamPositions positions;
    private final EventIdIndex ids;
    private final Set<UUID> groupIds = new HashSet<>();
    private final List<EventRow> rows = new ArrayList<>();
    private Connection connection;
    private long knownHead = -1;

    /** What a group transaction did: the committed appends with their results, and those left to decide alone. */
    record Group(List<PendingAppend> accepted, List<AppendResult> results, List<PendingAppend> deferred, long head) {
    }

    /**
     * {@code log}, {@code positions} and {@code ids} are null on PostgreSQL, whose commit is durable by itself and
     * whose unique index refuses duplicate event ids.
     */
    AppendTransactions(DataSource dataSource, DialectSql sql, String notifyChannel, EventLog log,
            StreamPositions positions, EventIdIndex ids, Clock clock) {
        this.dataSource = dataSource;
        this.log = log;
        this.positions = positions;
        this.ids = ids;
        this.sql = sql;
        this.notifyChannel = notifyChannel;
        this.clock = clock;
    }

    /**
     * Writes every append whose expected version holds in one transaction and commits it.
     *
     * @throws SQLException if the transaction failed; it was rolled back (or its commit outcome is unknown)
     */
    Group writeGroup(List<PendingAppend> group) throws SQLException {
        Connection c = connection();
        rows.clear();
        groupIds.clear();
        try {
            long head = lockHead(c);
            Map<String, Long> written = new HashMap<>();
            List<PendingAppend> accepted = new ArrayList<>(group.size());
            List<AppendResult> results = new ArrayList<>(group.size());
            List<PendingAppend> deferred = new ArrayList<>();
            long position = head;
            OffsetDateTime now = now();
            try (PreparedStatement insert = c.prepareStatement(sql.insertEvent())) {
                for (PendingAppend append : group) {
                    Long inGroup = written.get(append.streamId);
                    long current = inGroup != null ? inGroup : cachedVersion(c, append.streamId);
                    if (!append.expected.isSatisfiedBy(current) || hasKnownId(append)) {
                        deferred.add(append);
                        continue;
                    }
                    results.add(addInserts(insert, append, current, position, now));
                    accepted.add(append);
                    position += append.events.size();
                    written.put(append.streamId, current + append.events.size());
                }
                if (accepted.isEmpty()) {
                    c.rollback();
                    return new Group(accepted, results, deferred, head);
                }
                insert.executeBatch();
            }
            commit(c, position);
            indexIds();
            heads.putAll(written);
            if (positions != null) {
                results.forEach(positions::appended);
            }
            return new Group(accepted, results, deferred, position);
        } catch (SQLException | RuntimeException e) {
            abandon(c, e);
            throw e;
        }
    }

    /**
     * Decides and writes one append in its own transaction, checking ids and version against the database.
     *
     * @throws WrongExpectedVersionException if the stream's version does not satisfy the append
     * @throws DuplicateEventIdException if some of its event ids are stored, but not as this same append
     * @throws SQLException if the database failed; nothing was written (or the commit outcome is unknown)
     */
    AppendResult writeAlone(PendingAppend append) throws SQLException {
        Connection c = connection();
        rows.clear();
        try {
            long head = lockHead(c);
            AppendResult repeated = RepeatedAppends.originalResult(ids != null ? ids : StoredEventIds.sql(c, sql),
                    append);
            if (repeated != null) {
                c.rollback();
                return repeated;
            }
            long current = databaseVersion(c, append.streamId);
            if (!append.expected.isSatisfiedBy(current)) {
                throw new WrongExpectedVersionException(append.streamId, append.expected, current);
            }
            AppendResult result;
            try (PreparedStatement insert = c.prepareStatement(sql.insertEvent())) {
                result = addInserts(insert, append, current, head, now());
                insert.executeBatch();
            }
            commit(c, result.lastPosition());
            indexIds();
            heads.put(append.streamId, result.lastVersion());
            if (positions != null) {
                positions.appended(result);
            }
            return result;
        } catch (SQLException | RuntimeException e) {
            abandon(c, e);
            throw e;
        }
    }

    /**
     * On H2: whether an id of the append may be stored already (the index has it, unconfirmed) or is taken by an
     * earlier append of this group; such an append is left to the careful path, which decides it exactly. Records
     * the ids of an append it lets through. Always false on PostgreSQL, whose unique index fails the group instead.
     */
    private boolean hasKnownId(PendingAppend append) {
        if (ids == null) {
            return false;
        }
        for (NewEvent event : append.events) {
            if (groupIds.contains(event.eventId()) || ids.positionHint(event.eventId()) != 0) {
                return true;
            }
        }
        for (NewEvent event : append.events) {
            groupIds.add(event.eventId());
        }
        return false;
    }

    /** Gives the committed transaction's ids to the index (H2). */
    private void indexIds() {
        if (ids != null) {
            ids.added(rows);
        }
    }

    private AppendResult addInserts(PreparedStatement insert, PendingAppend append, long current, long head,
            OffsetDateTime now) throws SQLException {
        List<NewEvent> events = append.events;
        for (int i = 0; i < events.size(); i++) {
            EventRow row = EventRow.of(head + 1 + i, append.streamId, current + 1 + i, events.get(i), now);
            if (log != null) {
                EventRows.addIndexInsert(insert, row);
                rows.add(row);
            } else {
                EventRows.addInsert(insert, row);
            }
        }
        return new AppendResult(append.streamId, current + 1, current + events.size(), head + 1,
                head + events.size());
    }

    /**
     * Locks the head row and reads the head; if someone else committed since our last commit, the cached stream
     * heads are stale. Without a head row (H2), the head is the writer's own count, read once from the table.
     */
    private long lockHead(Connection c) throws SQLException {
        if (sql.lockHead().isEmpty()) {
            return knownHead >= 0 ? knownHead : readHead(c, sql.head());
        }
        return readHead(c, sql.lockHead());
    }

    private long readHead(Connection c, String query) throws SQLException {
        long head;
        try (PreparedStatement lock = c.prepareStatement(query); ResultSet rows = lock.executeQuery()) {
            if (!rows.next()) {
                throw new SQLException("The rewind_head row is missing; the schema was changed outside Rewind.");
            }
            head = rows.getLong(1);
        }
        if (head != knownHead) {
            heads.clear();
            knownHead = head;
        }
        return head;
    }

    private void commit(Connection c, long newHead) throws SQLException {
        if (!sql.updateHead().isEmpty()) {
            try (PreparedStatement update = c.prepareStatement(sql.updateHead())) {
                update.setLong(1, newHead);
                update.executeUpdate();
            }
        }
        if (notifyChannel != null) {
            try (PreparedStatement notify = c.prepareStatement(sql.notifyCommit())) {
                notify.setString(1, notifyChannel);
                notify.setString(2, Long.toString(newHead));
                notify.execute();
            }
        }
        knownHead = -1;
        if (log == null) {
            c.commit();
        } else {
            commitLogged(c);
        }
        knownHead = newHead;
    }

    /** The log first, then H2's commit; a commit that fails takes its log record back. */
    private void commitLogged(Connection c) throws SQLException {
        long size = log.size();
        long position = log.lastPosition();
        try {
            log.append(rows);
        } catch (IOException e) {
            throw new SQLException("Could not write the event log of the H2 store (" + e.getMessage() + "); nothing"
                    + " was stored. Check the disk (free space, permissions)", e);
        }
        try {
            c.commit();
        } catch (SQLException | RuntimeException e) {
            log.undo(size, position, e);
            throw e;
        }
        log.committed();
    }

    private long cachedVersion(Connection c, String streamId) throws SQLException {
        Long cached = heads.get(streamId);
        if (cached != null) {
            return cached;
        }
        long version = databaseVersion(c, streamId);
        heads.put(streamId, version);
        return version;
    }

    private long databaseVersion(Connection c, String streamId) throws SQLException {
        try (PreparedStatement query = c.prepareStatement(sql.streamVersion())) {
            query.setString(1, streamId);
            try (ResultSet rows = query.executeQuery()) {
                if (!rows.next()) {
                    return ExpectedVersion.NO_STREAM;
                }
                long version = rows.getLong(1);
                return rows.wasNull() ? ExpectedVersion.NO_STREAM : version;
            }
        }
    }

    private OffsetDateTime now() {
        return OffsetDateTime.ofInstant(clock.instant().truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC);
    }

    private Connection connection() throws SQLException {
        if (connection == null) {
            Connection fresh = dataSource.getConnection();
            fresh.setAutoCommit(false);
            connection = fresh;
        }
        return connection;
    }

    /**
     * Rolls back after a failure. Keeps the connection after a refused append or a constraint violation; drops it
     * (the pool gives a fresh one next time) after anything else, which may be a broken connection.
     */
    private void abandon(Connection c, Exception cause) {
        boolean keep = cause instanceof RuntimeException
                || cause instanceof SQLException e && e.getSQLState() != null && e.getSQLState().startsWith("23");
        try {
            c.rollback();
        } catch (SQLException rollbackFailed) {
            keep = false;
        }
        if (!keep) {
            knownHead = -1;
            heads.clear();
            close();
        }
    }

    @Override
    public void close() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // The connection is gone either way; the pool replaces it.
            }
            connection = null;
        }
    }
}
