package dev.rewind.eventstore.internal.log;

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
import dev.rewind.eventstore.internal.append.StoreWriter;
import dev.rewind.eventstore.internal.h2.H2Sql;
import dev.rewind.eventstore.internal.schema.SchemaMigrator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/**
 * The embedded event store: every event is in the folder's {@link EventLog}, found through the indexes derived from
 * it ({@link EventIdIndex}, {@link StreamIndex}); no event goes through SQL. The H2 database next to it holds only
 * read models, checkpoints and snapshots; the store migrates its schema and owns (closes) its pool. Open it with
 * {@link EventStores#open(String)}.
 *
 * <p>Appends go through one writer thread with group commit and are acknowledged only once stored; that writer hands
 * out the positions as it writes the log, so they are dense and in commit order. Subscriptions wake on commits.
 */
public final class EmbeddedEventStore implements EventStore {

    /** How many event positions the store keeps in {@link StreamPositions} (8 bytes each: 16 MiB). */
    private static final long STREAM_POSITIONS = 2L << 20;

    private final HikariDataSource dataSource;
    private final StoreWriter writer;
    private final Runnable onClose;
    private final EventLog log;
    private final LogStreamReader logStreams;
    private final EventIdIndex ids;
    private final StreamIndex streams;
    private final StreamCatalog catalog;

    /**
     * Checks H2 against the event log, migrates H2's schema, opens the indexes derived from the log and starts the
     * writer; closes the pool (and the indexes) if that fails (the caller still owns the log and {@code onClose}
     * then).
     *
     * @param indexWritesSurvived whether unforced writes to the derived indexes can be trusted (see
     *     {@link StreamIndex#open})
     */
    public EmbeddedEventStore(HikariDataSource dataSource, EventLog log, boolean indexWritesSurvived,
            StoreLimits limits, Clock clock, Runnable onClose) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource must not be null");
        this.onClose = onClose;
        this.log = log;
        Objects.requireNonNull(limits, "limits must not be null");
        EventIdIndex idIndex = null;
        StreamIndex streamIndex = null;
        try {
            LogRecovery.check(dataSource, H2Sql.STATEMENTS, log);
            SchemaMigrator.migrate(dataSource, H2Sql.STATEMENTS);
            idIndex = EventIdIndex.open(log.folder(), log);
            streamIndex = StreamIndex.open(log.folder(), log, indexWritesSurvived);
            StreamPositions positions = new StreamPositions(STREAM_POSITIONS);
            this.logStreams = new LogStreamReader(log, streamIndex, positions);
            this.ids = idIndex;
            this.streams = streamIndex;
            this.catalog = new StreamCatalog(log, streamIndex);
            this.writer = new StoreWriter(limits,
                    new LogAppendTransactions(log, streamIndex, idIndex, positions, clock),
                    log.committedPosition(), dataSource.getPoolName());
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
        try {
            return logStreams.read(streamId, fromVersion, maxCount);
        } catch (IOException e) {
            throw logReadFailed("stream '" + streamId + "'", e);
        }
    }

    @Override
    public List<RecordedEvent> readAll(long fromPosition, int maxCount, EventFilter filter) {
        StoreWriter.checkRead(fromPosition, 1, maxCount, "position");
        Objects.requireNonNull(filter, "filter must not be null (use EventFilter.all())");
        try {
            return log.read(fromPosition, maxCount, filter);
        } catch (IOException e) {
            throw logReadFailed("the global log from position " + fromPosition, e);
        }
    }

    @Override
    public long headPosition() {
        return log.committedPosition();
    }

    /** A summary: streams from the stream index, the folder's files (log, indexes, H2) for the size. */
    @Override
    public StoreSummary summary() {
        long head = log.committedPosition();
        return new StoreSummary("embedded", head, streams.streamCount(), head, folderBytes(), log.durability());
    }

    private long folderBytes() {
        try (Stream<Path> files = Files.walk(log.folder())) {
            return files.filter(Files::isRegularFile).mapToLong(file -> {
                try {
                    return Files.size(file);
                } catch (IOException e) {
                    return 0; // a file H2 just removed
                }
            }).sum();
        } catch (IOException | UncheckedIOException e) {
            return StoreSummary.UNKNOWN;
        }
    }

    /** Lists from a catalog held in memory once the first listing built it (see {@link StreamCatalog}). */
    @Override
    public StreamPage listStreams(String prefix, String after, int limit) {
        StoreInspector.checkListing(prefix, after, limit);
        try {
            return catalog.list(prefix, after, limit);
        } catch (IOException e) {
            throw logReadFailed("the streams", e);
        }
    }

    @Override
    public Subscription subscribe(long fromPosition, EventFilter filter, EventListener listener) {
        return writer.subscribe(this, fromPosition, filter, listener);
    }

    @Override
    public Optional<CommitSignal.Registration> onCommit(Runnable callback) {
        return Optional.of(writer.signal().onAdvance(callback));
    }

    /** Stops the writer (after the queued appends), wakes and ends subscriptions, and closes the pool. */
    @Override
    public synchronized void close() {
        if (dataSource.isClosed()) {
            return;
        }
        writer.stopWriting();
        ids.close();
        streams.close();
        writer.signal().close();
        dataSource.close();
        onClose.run();
    }

    private static EventStoreException logReadFailed(String what, IOException e) {
        return new EventStoreException("Could not read " + what + " from the event log (" + e.getMessage()
                + "); check the disk and that the store is open.", e);
    }
}
