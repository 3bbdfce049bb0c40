package dev.rewind.eventstore.internal.postgres;

import dev.rewind.core.eventstore.AppendResult;
import dev.rewind.core.eventstore.ExpectedVersion;
import dev.rewind.core.eventstore.NewEvent;
import dev.rewind.core.eventstore.WrongExpectedVersionException;
import dev.rewind.eventstore.internal.append.AppendTransactions;
import dev.rewind.eventstore.internal.append.EventRow;
import dev.rewind.eventstore.internal.append.EventRows;
import dev.rewind.eventstore.internal.append.PendingAppend;
import dev.rewind.eventstore.internal.append.RepeatedAppends;
import dev.rewind.eventstore.internal.append.StoredEventIds;
import dev.rewind.eventstore.internal.append.StreamHeads;
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
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The writer's transactions on PostgreSQL, on one connection the writer thread owns. Every transaction first takes
 * the head by locking the head row until commit, so positions are dense and in commit order even with several
 * processes writing to one database.
 *
 * <p>{@link #writeGroup} is the fast path: many appends in one transaction, versions checked against the cached
 * stream heads. {@link #writeAlone} is the careful path, one append per transaction with every check made against
 * the database (including the idempotency check of {@link RepeatedAppends}): it decides the appends the fast path
 * could not (a version mismatch, which may be an idempotent re-send) and retries a group whose transaction failed
 * (a duplicate event id, a lost connection).
 */
final class SqlAppendTransactions implements AppendTransactions {

    private static final int HEAD_CACHE_SIZE = 100_000;

    private final DataSource dataSource;
    private final String notifyChannel;
    private final Clock clock;
    private final StreamHeads heads = new StreamHeads(HEAD_CACHE_SIZE);
    private Connection connection;
    private long knownHead = -1;

    SqlAppendTransactions(DataSource dataSource, String notifyChannel, Clock clock) {
        this.dataSource = dataSource;
        this.notifyChannel = notifyChannel;
        this.clock = clock;
    }

    @Override
    public Group writeGroup(List<PendingAppend> group) throws SQLException {
        Connection c = connection();
        try {
            long head = lockHead(c);
            Map<String, Long> written = new HashMap<>();
            List<PendingAppend> accepted = new ArrayList<>(group.size());
            List<AppendResult> results = new ArrayList<>(group.size());
            List<PendingAppend> deferred = new ArrayList<>();
            long position = head;
            OffsetDateTime now = now();
            try (PreparedStatement insert = c.prepareStatement(PostgresSql.INSERT_EVENT)) {
                for (PendingAppend append : group) {
                    Long inGroup = written.get(append.streamId);
                    long current = inGroup != null ? inGroup : cachedVersion(c, append.streamId);
                    if (!append.expected.isSatisfiedBy(current)) {
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
            heads.putAll(written);
            return new Group(accepted, results, deferred, position);
        } catch (SQLException | RuntimeException e) {
            abandon(c, e);
            throw e;
        }
    }

    /** Checks ids and version against the database. */
    @Override
    public AppendResult writeAlone(PendingAppend append) throws SQLException {
        Connection c = connection();
        try {
            long head = lockHead(c);
            AppendResult repeated = RepeatedAppends.originalResult(StoredEventIds.sql(c, PostgresSql.EVENT_BY_ID),
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
            try (PreparedStatement insert = c.prepareStatement(PostgresSql.INSERT_EVENT)) {
                result = addInserts(insert, append, current, head, now());
                insert.executeBatch();
            }
            commit(c, result.lastPosition());
            heads.put(append.streamId, result.lastVersion());
            return result;
        } catch (SQLException | RuntimeException e) {
            abandon(c, e);
            throw e;
        }
    }

    private AppendResult addInserts(PreparedStatement insert, PendingAppend append, long current, long head,
            OffsetDateTime now) throws SQLException {
        List<NewEvent> events = append.events;
        for (int i = 0; i < events.size(); i++) {
            EventRows.addInsert(insert, EventRow.of(head + 1 + i, append.streamId, current + 1 + i, events.get(i),
                    now));
        }
        return new AppendResult(append.streamId, current + 1, current + events.size(), head + 1,
                head + events.size());
    }

    /**
     * Locks the head row and reads the head; if someone else committed since our last commit, the cached stream
     * heads are stale.
     */
    private long lockHead(Connection c) throws SQLException {
        long head;
        try (PreparedStatement lock = c.prepareStatement(PostgresSql.LOCK_HEAD); ResultSet rows = lock.executeQuery()) {
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
        try (PreparedStatement update = c.prepareStatement(PostgresSql.UPDATE_HEAD)) {
            update.setLong(1, newHead);
            update.executeUpdate();
        }
        if (notifyChannel != null) {
            try (PreparedStatement notify = c.prepareStatement(PostgresSql.NOTIFY_COMMIT)) {
                notify.setString(1, notifyChannel);
                notify.setString(2, Long.toString(newHead));
                notify.execute();
            }
        }
        knownHead = -1;
        c.commit();
        knownHead = newHead;
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
        try (PreparedStatement query = c.prepareStatement(PostgresSql.STREAM_VERSION)) {
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
