package dev.rewind.eventstore;

import dev.rewind.core.eventstore.EventStoreException;
import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The H2 store's event-id index: which log position holds an event id, in the file {@code rewind-ids.idx}, so H2
 * needs no unique index on random UUIDs (whose leaf pages nearly all change between two of H2's saves). The file is
 * an open-addressing hash table with linear probing, read and written through memory maps: a 4 KiB header, then
 * slots of 24 bytes (the id's two longs, then its position; position 0 marks an empty slot). It grows by rehashing
 * into a new file that replaces the old one with an atomic rename. Only the writer thread uses it.
 *
 * <p>Derived from the {@link EventLog}, never the truth: {@link #find} confirms a hit by reading the event at that
 * position from the log, so a stale or garbled slot can neither refuse a valid append nor invent a re-send. The
 * header's position says up to where the table is complete <em>on disk</em>: a checkpoint (every
 * {@link #CHECKPOINT_SECONDS} s on a background thread, and on closing) forces the slots to disk and only then writes
 * the position and forces the header. Opening adds the ids of the log's events after that position (what a crash,
 * {@code kill -9} or power loss, may have left out; adding an id again is harmless) and rebuilds the whole table from
 * the log when the file is missing, is not valid, or does not match the log.
 */
final class EventIdIndex implements StoredEventIds, AutoCloseable {

    static final String FILE_NAME = "rewind-ids.idx";
    private static final Logger LOG = LoggerFactory.getLogger(EventIdIndex.class);
    private static final long MAGIC = 0x5257_4944_5849_4401L; // "RWIDXID" and format version 1
    private static final int HEADER_BYTES = 4_096;
    private static final int CHECKSUMMED = 32;
    private static final int SLOT = 24;
    private static final int SEGMENT_BITS = 20;
    private static final int MIN_BITS = 16;
    private static final int MAX_BITS = 36;
    private static final double MAX_LOAD = 0.7;
    private static final long CHECKPOINT_SECONDS = 30;

    private final Path file;
    private final EventLog log;
    private final ExecutorService checkpoints = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "rewind-ids-checkpoint");
        thread.setDaemon(true);
        return thread;
    });
    private Table table;
    private long count;
    /** The ids of the log's events up to here are in the table (in memory; on disk up to the header's position). */
    private long position;
    private long lastCheckpoint = System.nanoTime();
    private volatile boolean checkpointRunning;
    private IOException broken;

    /** One mapped file: the header and the slots, in segments of 2^{@link #SEGMENT_BITS} slots. */
    private record Table(Path file, int bits, MappedByteBuffer header, MappedByteBuffer[] segments) {

        long capacity() {
            return 1L << bits;
        }

        MappedByteBuffer segment(long slot) {
            return segments[(int) (slot >>> SEGMENT_BITS)];
        }

        static int offset(long slot) {
            return (int) (slot & ((1L << SEGMENT_BITS) - 1)) * SLOT;
        }
    }

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
            index.checkpoint(index.table, index.count, index.position);
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
        if (!Files.exists(file)) {
            return "the file is missing";
        }
        Table loaded;
        long size = Files.size(file);
        if (size < HEADER_BYTES) {
            return "the file is too short";
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            MappedByteBuffer header = channel.map(FileChannel.MapMode.READ_WRITE, 0, HEADER_BYTES);
            int bits = header.getInt(8);
            if (header.getLong(0) != MAGIC || header.getInt(CHECKSUMMED) != checksum(header)) {
                return "its header is not valid";
            }
            if (bits < MIN_BITS || bits > MAX_BITS || size != HEADER_BYTES + ((long) SLOT << bits)) {
                return "its size does not match its header";
            }
            loaded = new Table(file, bits, header, map(channel, bits));
        }
        long complete = loaded.header().getLong(24);
        if (complete > log.lastPosition()) {
            return "it lists positions up to " + complete + ", past the log's end at " + log.lastPosition();
        }
        table = loaded;
        count = loaded.header().getLong(16);
        position = complete;
        if (complete > 0 && find(idAt(complete)) == null) {
            table = null;
            return "it does not hold the log's event at position " + complete;
        }
        return null;
    }

    /** Builds a new table from the whole log. */
    private void rebuild() throws IOException {
        long events = log.lastPosition();
        int bits = MIN_BITS;
        while (bits < MAX_BITS && (1L << bits) * MAX_LOAD < events + 1) {
            bits++;
        }
        table = create(bits);
        count = 0;
        position = 0;
        catchUp();
        install();
    }

    /** Adds the ids of the log's events after {@link #position}. */
    private void catchUp() throws IOException {
        long from = position + 1;
        long to = log.lastPosition();
        if (from > to) {
            return;
        }
        try {
            log.readFrom(from, to, row -> add(row.eventId(), row.position()));
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e.getMessage(), e);
        }
        position = to;
        LOG.info("Added the event ids of positions {}..{} to the event-id index {}", from, to, file);
    }

    /**
     * A hint for the writer's fast path: the position the table gives for the id, without confirming it through the
     * log (a group only defers an append with a hit to the careful path); 0 if the id is not in the table.
     *
     * @throws EventStoreException if an earlier update of the table failed
     */
    long positionHint(UUID eventId) {
        checkUsable();
        return lookup(eventId);
    }

    /**
     * The stored event with this id, confirmed through the log; null if the table does not know the id or the log
     * holds another event at the position it gives.
     *
     * @throws EventStoreException if the log cannot be read, or an earlier update of the table failed
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
            Table current = table;
            long currentCount = count;
            long currentPosition = position;
            checkpoints.execute(() -> {
                try {
                    checkpoint(current, currentCount, currentPosition);
                } catch (IOException | RuntimeException e) {
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
        long slot = probe(table, id.getMostSignificantBits(), id.getLeastSignificantBits());
        return table.segment(slot).getLong(Table.offset(slot) + 16);
    }

    /** Puts the id at its position, growing the table first if it is full enough. */
    private void add(UUID id, long at) throws IOException {
        if (count + 1 > table.capacity() * MAX_LOAD) {
            grow();
        }
        if (put(table, id.getMostSignificantBits(), id.getLeastSignificantBits(), at)) {
            count++;
        }
    }

    /**
     * Puts the id at its position: the key first, then the position that marks the slot taken. An id already in the
     * table gets the new position (its old one was stale). Returns whether the slot was empty.
     */
    private static boolean put(Table into, long msb, long lsb, long at) {
        long slot = probe(into, msb, lsb);
        MappedByteBuffer segment = into.segment(slot);
        int offset = Table.offset(slot);
        boolean empty = segment.getLong(offset + 16) == 0;
        if (empty) {
            segment.putLong(offset, msb).putLong(offset + 8, lsb);
        }
        segment.putLong(offset + 16, at);
        return empty;
    }

    /** The slot holding the id, or the empty slot where the search for it ends. */
    private static long probe(Table in, long msb, long lsb) {
        long mask = in.capacity() - 1;
        for (long slot = hash(msb, lsb) & mask;; slot = (slot + 1) & mask) {
            MappedByteBuffer segment = in.segment(slot);
            int offset = Table.offset(slot);
            if (segment.getLong(offset + 16) == 0
                    || segment.getLong(offset) == msb && segment.getLong(offset + 8) == lsb) {
                return slot;
            }
        }
    }

    /** Mixes both halves, as ids need not be random (time-ordered or name-based UUIDs). */
    private static long hash(long msb, long lsb) {
        long h = msb * 0x9E37_79B9_7F4A_7C15L ^ lsb;
        h ^= h >>> 33;
        h *= 0xFF51_AFD7_ED55_8CCDL;
        h ^= h >>> 33;
        return h;
    }

    /** Rehashes every slot into a table twice the size, which then replaces the file. */
    private void grow() throws IOException {
        if (table.bits() >= MAX_BITS) {
            throw new IOException("the table is full at 2^" + MAX_BITS + " slots");
        }
        Table old = table;
        Table bigger = create(old.bits() + 1);
        for (long slot = 0; slot < old.capacity(); slot++) {
            MappedByteBuffer segment = old.segment(slot);
            int offset = Table.offset(slot);
            long at = segment.getLong(offset + 16);
            if (at != 0) {
                put(bigger, segment.getLong(offset), segment.getLong(offset + 8), at);
            }
        }
        table = bigger;
        install();
        LOG.info("Grew the event-id index {} to {} slots for {} event ids", file, bigger.capacity(), count);
    }

    /** Saves a table built in a new file and renames it over the index: after a crash one of them is whole. */
    private void install() throws IOException {
        checkpoint(table, count, position);
        Files.move(table.file(), file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        table = new Table(file, table.bits(), table.header(), table.segments());
    }

    /** Creates an empty table in a new file next to the index. */
    private Table create(int bits) throws IOException {
        Path fresh = file.resolveSibling(FILE_NAME + ".new");
        Files.deleteIfExists(fresh);
        try (FileChannel channel = FileChannel.open(fresh, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            MappedByteBuffer header = channel.map(FileChannel.MapMode.READ_WRITE, 0, HEADER_BYTES);
            return new Table(fresh, bits, header, map(channel, bits));
        }
    }

    private static MappedByteBuffer[] map(FileChannel channel, int bits) throws IOException {
        long slots = 1L << bits;
        long perSegment = 1L << SEGMENT_BITS;
        MappedByteBuffer[] segments = new MappedByteBuffer[(int) Math.max(1, slots / perSegment)];
        for (int i = 0; i < segments.length; i++) {
            segments[i] = channel.map(FileChannel.MapMode.READ_WRITE, HEADER_BYTES + i * perSegment * SLOT,
                    Math.min(slots, perSegment) * SLOT);
        }
        return segments;
    }

    /** Forces the slots to disk, then records up to where they are complete and forces the header. */
    private static void checkpoint(Table table, long count, long complete) throws IOException {
        for (MappedByteBuffer segment : table.segments()) {
            segment.force();
        }
        MappedByteBuffer header = table.header();
        header.putLong(0, MAGIC).putInt(8, table.bits()).putInt(12, 0).putLong(16, count).putLong(24, complete);
        header.putInt(CHECKSUMMED, checksum(header));
        header.force();
    }

    private static int checksum(MappedByteBuffer header) {
        CRC32C crc = new CRC32C();
        crc.update(header.slice(0, CHECKSUMMED));
        return (int) crc.getValue();
    }

    private UUID idAt(long at) throws IOException {
        UUID[] id = new UUID[1];
        try {
            log.readFrom(at, at, row -> id[0] = row.eventId());
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e.getMessage(), e);
        }
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
                checkpoint(table, count, position);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            LOG.warn("Could not save the event-id index {} ({}); opening it again adds what it lacks from the event"
                    + " log", file, e.toString());
        }
    }
}
