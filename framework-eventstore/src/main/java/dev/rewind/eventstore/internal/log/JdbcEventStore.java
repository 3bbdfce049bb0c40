package dev.rewind.eventstore.internal.log;

import com.zaxxer.hikari.HikariDataSource;
import dev.rewind.core.eventstore.AppendResult;
import dev.rewind.core.eventstore.CatchUpSubscription;
import dev.rewind.core.eventstore.CommitSignal;
import dev.rewind.core.eventstore.EventFilter;
import dev.rewind.core.eventstore.EventListener;
import dev.rewind.core.eventstore.EventStore;
import dev.rewind.core.eventstore.EventStoreException;
import dev.rewind.core.eventstore.ExpectedVersion;
import dev.rewind.core.eventstore.NewEvent;
import dev.rewind.core.eventstore.RecordedEvent;
import dev.rewind.core.eventstore.StoreLimits;
import dev.rewind.core.eventstore.StreamAppend;
import dev.rewind.core.eventstore.Subscription;
import dev.rewind.eventstore.EventStores;
import dev.rewind.eventstore.internal.append.AppendTransactions;
import dev.rewind.eventstore.internal.append.AppendWriter;
import dev.rewind.eventstore.internal.append.EventRows;
import dev.rewind.eventstore.internal.append.PendingAppend;
import dev.rewind.eventstore.internal.postgres.PostgresCommitListener;
import dev.rewind.eventstore.internal.postgres.SqlAppendTransactions;
import dev.rewind.eventstore.internal.schema.DialectSql;
import dev.rewind.eventstore.internal.schema.SchemaMigrator;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The durable event store on JDBC: embedded H2 or PostgreSQL, through a HikariCP pool it owns and closes. Open it
 * with {@link EventStores#open(String)}.
 *
 * <p>Appends go through one writer thread with group commit and are acknowledged only once stored. Positions are
 * dense and in commit order: on H2 the single writer hands them out as it writes its event log, on PostgreSQL they
 * are assigned under a row lock held until commit, so that holds even when several processes append to one
 * database. Subscriptions wake on
 * commits: in this process directly, from other processes through PostgreSQL LISTEN/NOTIFY.
 *
 * <pre>{@code
 * try (EventStore store = EventStores.open("embedded:./data")) {
 *     store.append("account-acc-1", ExpectedVersion.noStream(), List.of(NewEvent.of("AccountOpened.v1", json)));
 * }
 * }</pre>
 */
public final class JdbcEventStore implements EventStore {

    private static final int FILTER_CHUNK = 2_048;
    /** How many event positions the H2 store keeps in {@link StreamPositions} (8 bytes each: 16 MiB). */
    private static final long STREAM_POSITIONS = 2L << 20;

    private final HikariDataSource dataSource;
    private final DialectSql sql;
    private final StoreLimits limits;
    private final CommitSignal signal;
    private final AppendWriter writer;
    private final PostgresCommitListener listener;
    private final Runnable onClose;
    private final EventLog log;
    private final LogStreamReader logStreams;
    private final EventIdIndex ids;
    private final StreamIndex streams;

    /**
     * Migrates the schema, checks H2 against its event log ({@code log} is null on PostgreSQL), opens the indexes
     * derived from the log and starts the writer; closes the pool (and the indexes) if that fails (the caller still
     * owns the log and {@code onClose} then).
     *
     * @param indexWritesSurvived on H2, whether unforced writes to the derived indexes can be trusted (see
     *     {@link StreamIndex#open})
     */
    public JdbcEventStore(HikariDataSource dataSource, DialectSql sql, EventLog log, boolean indexWritesSurvived,
            StoreLimits limits, Clock clock, Runnable onClose) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource must not be null");
        this.onClose = onClose;
        this.log = log;
        this.sql = sql;
        this.limits = Objects.requireNonNull(limits, "limits must not be null");
        EventIdIndex idIndex = null;
        StreamIndex streamIndex = null;
        try {
            AppendTransactions transactions;
            String channel = null;
            if (log != null) {
                LogRecovery.check(dataSource, sql, log);
                SchemaMigrator.migrate(dataSource, sql);
                idIndex = EventIdIndex.open(log.folder(), log);
                streamIndex = StreamIndex.open(log.folder(), log, indexWritesSurvived);
                StreamPositions positions = new StreamPositions(STREAM_POSITIONS);
                this.logStreams = new LogStreamReader(log, streamIndex, positions);
                transactions = new LogAppendTransactions(log, streamIndex, idIndex, positions, clock);
            } else {
                SchemaMigrator.migrate(dataSource, sql);
                this.logStreams = null;
                channel = channel(dataSource);
                transactions = new SqlAppendTransactions(dataSource, sql, channel, clock);
            }
            this.ids = idIndex;
            this.streams = streamIndex;
            this.signal = new CommitSignal(headPosition());
            this.writer = new AppendWriter(transactions, signal, dataSource.getPoolName());
            this.listener = channel == null ? null : new PostgresCommitListener(dataSource, sql, channel, signal);
        } catch (RuntimeException e) {
            if (idIndex != null) {
                idIndex.close();
            }
            if (streamIndex != null) {
                streamIndex.close();
            }
            dataSource.close();
            throw e;
        }
    }

    private static String channel(HikariDataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            return PostgresCommitListener.channelOf(connection);
        } catch (SQLException e) {
            throw new EventStoreException("Could not read the current PostgreSQL schema: " + e.getMessage(), e);
        }
    }

    @Override
    public StoreLimits limits() {
        return limits;
    }

    @Override
    public AppendResult append(String streamId, ExpectedVersion expected, List<NewEvent> events) {
        return writer.append(checked(streamId, expected, events));
    }

    @Override
    public CompletableFuture<AppendResult> appendAsync(String streamId, ExpectedVersion expected,
            List<NewEvent> events) {
        try {
            PendingAppend append = checked(streamId, expected, events);
            writer.enqueue(append);
            return append.outcome();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public List<CompletableFuture<AppendResult>> appendEach(List<StreamAppend> appends) {
        List<CompletableFuture<AppendResult>> outcomes = new ArrayList<>(appends.size());
        List<PendingAppend> valid = new ArrayList<>(appends.size());
        for (StreamAppend append : appends) {
            try {
                PendingAppend pending = checked(append.streamId(), append.expected(), append.events());
                valid.add(pending);
                outcomes.add(pending.outcome());
            } catch (RuntimeException e) {
                outcomes.add(CompletableFuture.failedFuture(e));
            }
        }
        writer.writeNow(valid);
        return outcomes;
    }

    /** The append for the writer, once the limits are checked (they throw {@code InvalidAppendException}). */
    private PendingAppend checked(String streamId, ExpectedVersion expected, List<NewEvent> events) {
        limits.check(streamId, expected, events);
        return new PendingAppend(streamId, expected, List.copyOf(events));
    }

    @Override
    public List<RecordedEvent> readStream(String streamId, long fromVersion, int maxCount) {
        checkRead(fromVersion, 0, maxCount, "version");
        if (streamId == null) {
            return List.of();
        }
        if (logStreams != null) {
            try {
                return logStreams.read(streamId, fromVersion, maxCount);
            } catch (IOException e) {
                throw logReadFailed("stream '" + streamId + "'", e);
            }
        }
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement(sql.readStream())) {
            query.setString(1, streamId);
            query.setLong(2, fromVersion);
            query.setInt(3, maxCount);
            try (ResultSet rows = query.executeQuery()) {
                return EventRows.readAll(rows, maxCount);
            }
        } catch (SQLException e) {
            throw readFailed("stream '" + streamId + "'", e);
        }
    }

    @Override
    public List<RecordedEvent> readAll(long fromPosition, int maxCount, EventFilter filter) {
        checkRead(fromPosition, 1, maxCount, "position");
        Objects.requireNonNull(filter, "filter must not be null (use EventFilter.all())");
        if (log != null) {
            try {
                return log.read(fromPosition, maxCount, filter);
            } catch (IOException e) {
                throw logReadFailed("the global log from position " + fromPosition, e);
            }
        }
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement(sql.readAll())) {
            query.setFetchSize(Math.min(maxCount, 10_000));
            if (filter.isAll()) {
                return readChunk(query, fromPosition, maxCount);
            }
            List<RecordedEvent> result = new ArrayList<>();
            long from = fromPosition;
            while (result.size() < maxCount) {
                List<RecordedEvent> chunk = readChunk(query, from, FILTER_CHUNK);
                for (RecordedEvent event : chunk) {
                    if (filter.matches(event) && result.size() < maxCount) {
                        result.add(event);
                    }
                }
                if (chunk.size() < FILTER_CHUNK) {
                    break;
                }
                from = chunk.get(chunk.size() - 1).globalPosition() + 1;
            }
            return result;
        } catch (SQLException e) {
            throw readFailed("the global log from position " + fromPosition, e);
        }
    }

    private static List<RecordedEvent> readChunk(PreparedStatement query, long from, int count) throws SQLException {
        query.setLong(1, from);
        query.setInt(2, count);
        try (ResultSet rows = query.executeQuery()) {
            return EventRows.readAll(rows, count);
        }
    }

    @Override
    public long headPosition() {
        if (log != null) {
            return log.committedPosition();
        }
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement(sql.head());
                ResultSet rows = query.executeQuery()) {
            return rows.next() ? rows.getLong(1) : 0;
        } catch (SQLException e) {
            throw readFailed("the head position", e);
        }
    }

    @Override
    public Subscription subscribe(long fromPosition, EventFilter filter, EventListener listener) {
        return CatchUpSubscription.start(this, signal, fromPosition, filter, listener);
    }

    @Override
    public Optional<CommitSignal.Registration> onCommit(Runnable callback) {
        return Optional.of(signal.onAdvance(callback));
    }

    /** Stops the writer (after the queued appends), wakes and ends subscriptions, and closes the pool. */
    @Override
    public synchronized void close() {
        if (dataSource.isClosed()) {
            return;
        }
        writer.close();
        if (ids != null) {
            ids.close();
            streams.close();
        }
        if (listener != null) {
            listener.close();
        }
        signal.close();
        dataSource.close();
        onClose.run();
    }

    private static void checkRead(long from, long min, int maxCount, String what) {
        if (from < min) {
            throw new IllegalArgumentException("Reading starts at " + what + " " + min + " or later, got " + from);
        }
        if (maxCount < 1) {
            throw new IllegalArgumentException("maxCount must be at least 1, got " + maxCount);
        }
    }

    private static EventStoreException logReadFailed(String what, IOException e) {
        return new EventStoreException("Could not read " + what + " from the event log (" + e.getMessage()
                + "); check the disk and that the store is open.", e);
    }

    private static EventStoreException readFailed(String what, SQLException e) {
        return new EventStoreException("Could not read " + what + " from the event store (" + e.getMessage()
                + "); check that the database is reachable and the store is open.", e);
    }
}
