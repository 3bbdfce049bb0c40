package dev.rewind.eventstore.internal.postgres;

import dev.rewind.core.spi.CommitSignal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wakes this process's subscriptions when another process commits to the same PostgreSQL schema: it LISTENs on the
 * schema's channel (writers NOTIFY it inside their transaction, so the notice arrives only after commit) and, on a
 * notice, advances the {@link CommitSignal} to the head the notice carries. It blocks in the driver; it never polls
 * the table.
 */
final class PostgresCommitListener implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PostgresCommitListener.class);
    private static final int WAIT_MILLIS = 200;

    private final DataSource dataSource;
    private final String channel;
    private final CommitSignal signal;
    private final Thread thread;
    private final CountDownLatch closing = new CountDownLatch(1);
    private volatile boolean closed;

    PostgresCommitListener(DataSource dataSource, String channel, CommitSignal signal) {
        this.dataSource = dataSource;
        this.channel = channel;
        this.signal = signal;
        this.thread = new Thread(this::run, "rewind-pg-listener-" + channel);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** The notification channel of the connection's current schema, so stores in other schemas stay apart. */
    static String channelOf(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT current_schema()")) {
            String schema = rows.next() && rows.getString(1) != null ? rows.getString(1) : "public";
            String name = "rewind_" + schema.toLowerCase().replaceAll("[^a-z0-9_]", "_");
            return name.length() > 63 ? name.substring(0, 63) : name;
        }
    }

    private void run() {
        Connection connection = null;
        while (!closed) {
            try {
                if (connection == null) {
                    connection = dataSource.getConnection();
                    connection.setAutoCommit(true);
                    try (Statement listen = connection.createStatement()) {
                        listen.execute("LISTEN \"" + channel + "\"");
                    }
                    // Commits made before LISTEN took effect sent no notice to us; catch up with them now.
                    signal.advance(head(connection));
                }
                PGNotification[] notices = connection.unwrap(PGConnection.class).getNotifications(WAIT_MILLIS);
                if (notices != null && notices.length > 0) {
                    signal.advance(committedHead(notices, connection));
                }
            } catch (SQLException e) {
                if (!closed) {
                    LOG.warn("PostgreSQL commit listener lost its connection ({}); reconnecting", e.getMessage());
                }
                closeQuietly(connection);
                connection = null;
                awaitClosing(1_000);
            }
        }
        closeQuietly(connection);
    }

    /**
     * The head the notices name: each carries the head its commit made, and positions are handed out in commit
     * order, so everything up to it is committed. Our own commits come back too; advancing to them changes nothing.
     * A notice without a number (sent by something else) makes us read the head.
     */
    private long committedHead(PGNotification[] notices, Connection connection) throws SQLException {
        long head = 0;
        for (PGNotification notice : notices) {
            try {
                head = Math.max(head, Long.parseLong(notice.getParameter()));
            } catch (NumberFormatException e) {
                return head(connection);
            }
        }
        return head;
    }

    private long head(Connection connection) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(PostgresSql.HEAD);
                ResultSet rows = query.executeQuery()) {
            return rows.next() ? rows.getLong(1) : 0;
        }
    }

    /** Waits before reconnecting, but returns at once when the store closes. */
    private void awaitClosing(long millis) {
        try {
            closing.await(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
        }
    }

    private static void closeQuietly(Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // Closing anyway.
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        closing.countDown();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
