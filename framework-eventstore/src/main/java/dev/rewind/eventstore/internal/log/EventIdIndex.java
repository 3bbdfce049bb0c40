package dev.rewind.eventstore.internal.log;

import dev.rewind.core.eventstore.EventStoreException;
import dev.rewind.eventstore.internal.append.EventRow;
import dev.rewind.eventstore.internal.append.StoredEventIds;
import dev.rewind.eventstore.internal.mapped.MappedHashTable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded store's event-id index: which log position holds an event id, in the file {@code rewind-ids.idx}, so H2
 * needs no unique index on random UUIDs (whose leaf pages nearly all change between two of H2's saves). The file is
 * a {@link MappedHashTable} from the id's two longs to its position. Only the writer thread uses it.
 *
 * <p>Derived from the {@link EventLog}, never the truth: {@link #find} confirms a hit by reading the event at that
 * position from the log, so a stale or garbled slot can neither refuse a valid append nor invent a re-send. The
 * header's position says up to where the table is complete <em>on disk</em>: a checkpoint (every
 * {@link #CHECKPOINT_SECONDS} s on a background thread, and on closing) forces the slots to disk and only then writes
 * the position and forces the header. Opening adds the ids of the log's events after that position (what a crash,
 * {@code kill -9} or power loss, may have left out; adding an id again is harmless) and rebuilds the whole table from
 * the log when the file is missing, is not valid, or does not match the log.
 */
public final class EventIdIndex implements StoredEventIds, AutoCloseable {

    static final String FILE_NAME = "rewind-ids.idx";
    private static final Logger LOG = LoggerFactory.getLogger(EventIdIndex.class);
    private static final long MAGIC = 0x5257_4944_5849_4402L; // "RWIDXID" and format version 2
    private static final long CHECKPOINT_SECONDS = 30;

    private final Path file;
    private final EventLog log;
    private final ExecutorService checkpoints = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "rewind-ids-checkpoint");
        thread.setDaemon(true);
        return thread;
    });
    private MappedHashTable table;
    /** The ids of the log's events up to here are in the table (in memory; on disk up to the header's position). */
    private long position;
    private long lastCheckpoint = System.nanoTime();
    private volatile boolean checkpointRunning;
    private IOException broken;

    private EventIdIndex(Path file, EventLog log) {
        this.file = file;
        this.log = log;
    }

    /**
     * Opens the index in the log's folder and brings it up to the log's last position, rebuilding it from the log
     * if it is missing or not valid.
     *
     * @throws EventStoreException if the file cannot be written or the log cannot be read
     */
    static EventIdIndex open(Path folder, EventLog log) {
        EventIdIndex index = new EventIdIndex(folder.resolve(FILE_NAME), log);
        try {
            String invalid = index.load();
            if (invalid != null) {
                if (log.lastPosition() > 0) {
                    LOG.info("Rebuilding the event-id index {} from the event log: {}", index.file, invalid);
                }
                index.rebuild();
            }
            index.catchUp();
            index.table.save(index.position, true);
            return index;
        } catch (IOException | RuntimeException e) {
            index.checkpoints.shutdownNow();
            throw new EventStoreException("Could not open the event-id index " + index.file + " (" + e.getMessage()
                    + "); it is derived from the event log, so nothing is lost. Check the disk (free space,"
                    + " permissions) and open the store again.", e);
        }
    }

    /** Maps an existing file; returns why it cannot be used (then nothing is mapped), or null. */
    private String load() throws IOException {
        MappedHashTable.Loaded loaded = MappedHashTable.load(file, MAGIC, log.lastPosition());
        if (loaded.table() == null) {
            return loaded.unusable();
        }
        long complete = loaded.table().savedPosition();
        table = loaded.table();
        position = complete;
        if (complete > 0 && find(idAt(complete)) == null) {
            table = null;
            return "it does not hold the log's event at position " + complete;
        }
        return null;
    }

    /** Builds a new table from the whole log. */
    private void rebuild() throws IOException {
        table = MappedHashTable.create(file, MAGIC, log.lastPosition());
        position = 0;
        catchUp();
        table.save(position, true);
    }

    /** Adds the ids of the log's events after {@link #position}. */
    private void catchUp() throws IOException {
        long from = position + 1;
        long to = log.lastPosition();
        if (from > to) {
            return;
        }
        log.readFrom(from, to, row -> add(row.eventId(), row.position()));
        position = to;
        LOG.info("Added the event ids of positions {}..{} to the event-id index {}", from, to, file);
    }

    /**
     * A hint for the writer's fast path: the position the table gives for the id, without confirming it through the
     * log (a group only defers an append with a hit to the careful path); 0 if the id is not in the table.
     *
     * @throws EventStoreException if an earlier update of the table failed, or a slot fails its check
     */
    long positionHint(UUID eventId) {
        checkUsable();
        return lookup(eventId);
    }

    /**
     * The stored event with this id, confirmed through the log; null if the table does not know the id or the log
     * holds another event at the position it gives.
     *
     * @throws EventStoreException if the log cannot be read, an earlier update of the table failed, or a slot fails
     *     its check
     */
    @Override
    public Stored find(UUID eventId) {
        checkUsable();
        long at = lookup(eventId);
        if (at == 0) {
            return null;
        }
        try {
            return log.storedAt(at, eventId);
        } catch (IOException e) {
            throw new EventStoreException("Could not read the event log to check event id " + eventId + " ("
                    + e.getMessage() + "); check the disk and that the store is open.", e);
        }
    }

    /**
     * Adds the ids of a committed transaction's rows (which continue the log after {@link #position}). A failure
     * (growing the file on a full disk, say) is logged and makes every later lookup fail until the store is reopened,
     * which rebuilds the table: the rows are committed, so their append must still be acknowledged.
     */
    void added(List<EventRow> rows) {
        if (broken != null || rows.isEmpty()) {
            return;
        }
        try {
            for (EventRow row : rows) {
                add(row.eventId(), row.position());
            }
        } catch (IOException | RuntimeException e) {
            broken = e instanceof IOException io ? io : new IOException(e.toString(), e);
            LOG.error("Could not update the event-id index {}; appends are refused until the store is reopened",
                    file, e);
            return;
        }
        position = rows.get(rows.size() - 1).position();
        if (!checkpointRunning && System.nanoTime() - lastCheckpoint > TimeUnit.SECONDS.toNanos(CHECKPOINT_SECONDS)) {
            lastCheckpoint = System.nanoTime();
            checkpointRunning = true;
            Runnable checkpoint = table.forcer(position);
            checkpoints.execute(() -> {
                try {
                    checkpoint.run();
                } catch (RuntimeException e) {
                    LOG.warn("Could not save the event-id index {} ({}); opening it again adds what it lacks from"
                            + " the event log", file, e.toString());
                } finally {
                    checkpointRunning = false;
                }
            });
        }
    }

    /** The position up to which the table holds every id (in memory). */
    long position() {
        return position;
    }

    private void checkUsable() {
        if (broken != null) {
            throw new EventStoreException("The event-id index " + file + " could not be updated (" + broken.getMessage()
                    + "), so duplicate event ids cannot be checked; appends are refused. Free disk space, then close"
                    + " and open the store again: opening rebuilds the index from the event log.", broken);
        }
    }

    private long lookup(UUID id) {
        try {
            return table.get(id.getMostSignificantBits(), id.getLeastSignificantBits());
        } catch (IOException e) {
            throw new EventStoreException("Could not look up event id " + id + " in the event-id index: "
                    + e.getMessage() + ".", e);
        }
    }

    private void add(UUID id, long at) throws IOException {
        table.put(id.getMostSignificantBits(), id.getLeastSignificantBits(), at);
    }

    private UUID idAt(long at) throws IOException {
        UUID[] id = new UUID[1];
        log.readFrom(at, at, row -> id[0] = row.eventId());
        return id[0];
    }

    /** Waits for a running checkpoint, then saves the table (the writer has stopped). */
    @Override
    public void close() {
        checkpoints.shutdown();
        try {
            if (!checkpoints.awaitTermination(60, TimeUnit.SECONDS)) {
                LOG.warn("The event-id index {} was still saving after 60 s; opening it again adds what it lacks",
                        file);
                return;
            }
            if (broken == null && table != null) {
                table.save(position, true);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            LOG.warn("Could not save the event-id index {} ({}); opening it again adds what it lacks from the event"
                    + " log", file, e.toString());
        }
    }
}
