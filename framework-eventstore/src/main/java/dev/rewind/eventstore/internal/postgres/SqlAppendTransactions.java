package dev.rewind.eventstore.internal.postgres;

import dev.rewind.core.eventstore.AppendResult;
import dev.rewind.core.eventstore.WrongExpectedVersionException;
import dev.rewind.eventstore.internal.append.AppendTransactions;
import dev.rewind.eventstore.internal.append.PendingAppend;
import dev.rewind.eventstore.internal.append.RepeatedAppends;
import dev.rewind.eventstore.internal.append.StoredEventIds;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * The writer's transactions on PostgreSQL, on one auto-commit connection the writer thread owns.
 *
 * <p>{@link #writeGroup} is the fast path: the whole group in one call of {@code rewind_append} ({@link AppendCall}),
 * which the server commits at once: one round trip per group. It checks versions against the database and stores the
 * appends whose expected version holds; positions are assigned under the head row's lock, held from just before the
 * inserts to the end of the commit. {@link #writeAlone} is the careful path, one append per transaction with the head
 * row locked first, so every check (including the idempotency check of {@link RepeatedAppends}) is made against what
 * is committed: it decides the appends the fast path refused (a version mismatch may be an idempotent re-send) and
 * retries a group whose call failed (a duplicate event id, another process's insert to the same stream, a lost
 * connection).
 */
final class SqlAppendTransactions implements AppendTransactions {

    private final DataSource dataSource;
    private final String notifyChannel;
    private final Clock clock;
    private Connection connection;

    SqlAppendTransactions(DataSource dataSource, String notifyChannel, Clock clock) {
        this.dataSource = dataSource;
        this.notifyChannel = notifyChannel;
        this.clock = clock;
    }

    @Override
    public Group writeGroup(List<PendingAppend> group) throws SQLException {
        Connection c = connection();
        try {
            AppendCall call = AppendCall.run(c, group, now(), notifyChannel);
            List<PendingAppend> accepted = new ArrayList<>(group.size());
            List<AppendResult> results = new ArrayList<>(group.size());
            List<PendingAppend> deferred = new ArrayList<>();
            long head = 0;
            for (int i = 0; i < group.size(); i++) {
                if (call.stored(i)) {
                    AppendResult result = call.result(i);
                    accepted.add(group.get(i));
                    results.add(result);
                    head = Math.max(head, result.lastPosition());
                } else {
                    deferred.add(group.get(i));
                }
            }
            return new Group(accepted, results, deferred, head);
        } catch (SQLException | RuntimeException e) {
            abandon(c, e);
            throw e;
        }
    }

    /** Checks ids and version against the database, with the head row locked first. */
    @Override
    public AppendResult writeAlone(PendingAppend append) throws SQLException {
        Connection c = connection();
        c.setAutoCommit(false);
        try {
            lockHead(c);
            AppendResult repeated = RepeatedAppends.originalResult(StoredEventIds.sql(c, PostgresSql.EVENT_BY_ID),
                    append);
            if (repeated != null) {
                c.rollback();
                return repeated;
            }
            AppendCall call = AppendCall.run(c, List.of(append), now(), notifyChannel);
            if (!call.stored(0)) {
                throw new WrongExpectedVersionException(append.streamId, append.expected, call.versionBefore(0));
            }
            c.commit();
            return call.result(0);
        } catch (SQLException | RuntimeException e) {
            abandon(c, e);
            throw e;
        } finally {
            restoreAutoCommit();
        }
    }

    /** Back to auto-commit for the next group; a connection that cannot is dropped. */
    private void restoreAutoCommit() {
        if (connection != null) {
            try {
                connection.setAutoCommit(true);
            } catch (SQLException e) {
                close();
            }
        }
    }

    private static void lockHead(Connection c) throws SQLException {
        try (PreparedStatement lock = c.prepareStatement(PostgresSql.LOCK_HEAD); ResultSet rows = lock.executeQuery()) {
            if (!rows.next()) {
                throw new SQLException("The rewind_head row is missing; the schema was changed outside Rewind.");
            }
        }
    }

    private OffsetDateTime now() {
        return OffsetDateTime.ofInstant(clock.instant().truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC);
    }

    private Connection connection() throws SQLException {
        if (connection == null) {
            Connection fresh = dataSource.getConnection();
            fresh.setAutoCommit(true);
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
            if (!c.getAutoCommit()) {
                c.rollback();
            }
        } catch (SQLException rollbackFailed) {
            keep = false;
        }
        if (!keep) {
            close();
        }
    }

    @Override
    public String storeKind() {
        return "postgres";
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
