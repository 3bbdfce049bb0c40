package dev.rewind.eventstore.internal.postgres;

import com.zaxxer.hikari.HikariDataSource;
import dev.rewind.core.eventstore.AppendResult;
import dev.rewind.core.spi.CommitSignal;
import dev.rewind.core.eventstore.EventFilter;
import dev.rewind.core.eventstore.EventListener;
import dev.rewind.core.eventstore.EventStore;
import dev.rewind.core.eventstore.EventStoreException;
import dev.rewind.core.eventstore.ExpectedVersion;
import dev.rewind.core.eventstore.NewEvent;
import dev.rewind.core.eventstore.RecordedEvent;
import dev.rewind.core.eventstore.StoreInspector;
import dev.rewind.core.eventstore.StoreLimits;
import dev.rewind.core.eventstore.StoreSummary;
import dev.rewind.core.eventstore.StreamAppend;
import dev.rewind.core.eventstore.StreamPage;
import dev.rewind.core.eventstore.Subscription;
import dev.rewind.eventstore.EventStores;
import dev.rewind.eventstore.internal.append.EventRows;
import dev.rewind.eventstore.internal.append.StoreWriter;
import dev.rewind.eventstore.internal.schema.SchemaMigrator;
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
 * The event store on PostgreSQL, through a HikariCP pool it owns and closes. Open it with
 * {@link EventStores#open(String)}.
 *
 * <p>Appends go through one writer with group commit: each group is one call of a server-side function, one round
 * trip, acknowledged only once committed. Positions are dense and in commit order even when several processes append
 * to one database: they are assigned under a row lock held until commit. Subscriptions wake on commits: in this
 * process directly, from other processes through LISTEN/NOTIFY ({@link PostgresCommitListener}). Opening creates the
 * URL's schema if it is missing ({@link PostgresSchema}), then the tables.
 */
public final class PostgresEventStore implements EventStore {

    private static final int FILTER_CHUNK = 2_048;

    private final HikariDataSource dataSource;
    private final StoreWriter writer;
    private final String channel;
    private final PostgresInspection inspection;
    /** Started by the first subscription or commit callback: a process that only appends needs none. */
    private PostgresCommitListener listener;

    /** Creates or migrates the schema and starts the writer; closes the pool on failure. */
    public PostgresEventStore(HikariDataSource dataSource, StoreLimits limits, Clock clock) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource must not be null");
        Objects.requireNonNull(limits, "limits must not be null");
        StoreWriter started = null;
        try {
            PostgresSchema.createIfMissing(dataSource);
            SchemaMigrator.migrate(dataSource, PostgresSql.STATEMENTS);
            this.channel = channel(dataSource);
            this.inspection = new PostgresInspection(dataSource);
            started = new StoreWriter(limits, new SqlAppendTransactions(dataSource, channel, clock),
                    headPosition(), dataSource.getPoolName());
            this.writer = started;
        } catch (RuntimeException e) {
            if (started != null) {
                started.stopWriting();
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
        return writer.limits();
    }

    @Override
    public AppendResult append(String streamId, ExpectedVersion expected, List<NewEvent> events) {
        return writer.append(streamId, expected, events);
    }

    @Override
    public CompletableFuture<AppendResult> appendAsync(String streamId, ExpectedVersion expected,
            List<NewEvent> events) {
        return writer.appendAsync(streamId, expected, events);
    }

    @Override
    public List<CompletableFuture<AppendResult>> appendEach(List<StreamAppend> appends) {
        return writer.appendEach(appends);
    }

    @Override
    public List<RecordedEvent> readStream(String streamId, long fromVersion, int maxCount) {
        StoreWriter.checkRead(fromVersion, 0, maxCount, "version");
        if (streamId == null) {
            return List.of();
        }
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement(PostgresSql.READ_STREAM)) {
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
        StoreWriter.checkRead(fromPosition, 1, maxCount, "position");
        Objects.requireNonNull(filter, "filter must not be null (use EventFilter.all())");
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement(PostgresSql.READ_ALL)) {
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
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement(PostgresSql.HEAD);
                ResultSet rows = query.executeQuery()) {
            return rows.next() ? rows.getLong(1) : 0;
        } catch (SQLException e) {
            throw readFailed("the head position", e);
        }
    }

    /** A summary: streams counted by a walk of the stream index, the size of {@code rewind_events} and its indexes. */
    @Override
    public StoreSummary summary() {
        try {
            return inspection.summary(headPosition());
        } catch (SQLException e) {
            throw readFailed("the store's summary", e);
        }
    }

    /** Lists in the database's collation (see {@link PostgresInspection}). */
    @Override
    public StreamPage listStreams(String prefix, String after, int limit) {
        StoreInspector.checkListing(prefix, after, limit);
        try {
            return inspection.list(prefix, after, limit);
        } catch (SQLException e) {
            throw readFailed("the streams", e);
        }
    }

    @Override
    public Subscription subscribe(long fromPosition, EventFilter filter, EventListener listener) {
        listenToOtherProcesses();
        return writer.subscribe(this, fromPosition, filter, listener);
    }

    @Override
    public Optional<CommitSignal.Registration> onCommit(Runnable callback) {
        listenToOtherProcesses();
        return Optional.of(writer.signal().onAdvance(callback));
    }

    /**
     * Starts the LISTEN connection that moves the commit signal on other processes' commits, once. Until then no
     * one waits on the signal; the listener catches up with the head when its LISTEN is in place.
     */
    private synchronized void listenToOtherProcesses() {
        if (listener == null && !dataSource.isClosed()) {
            listener = new PostgresCommitListener(dataSource, channel, writer.signal());
        }
    }

    /** Stops the writer (after the queued appends), wakes and ends subscriptions, and closes the pool. */
    @Override
    public synchronized void close() {
        if (dataSource.isClosed()) {
            return;
        }
        writer.stopWriting();
        if (listener != null) {
            listener.close();
        }
        writer.signal().close();
        dataSource.close();
    }

    private static EventStoreException readFailed(String what, SQLException e) {
        return new EventStoreException("Could not read " + what + " from the event store (" + e.getMessage()
                + "); check that the database is reachable and the store is open.", e);
    }
}
