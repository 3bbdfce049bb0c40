package dev.rewind.eventstore.internal.log;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.rewind.core.eventstore.EventFilter;
import dev.rewind.core.eventstore.EventStoreException;
import dev.rewind.core.eventstore.RecordedEvent;
import dev.rewind.core.eventstore.StreamInfo;
import dev.rewind.eventstore.StoreConfig;
import dev.rewind.eventstore.internal.append.EventRow;
import dev.rewind.eventstore.internal.append.StoredEventIds;
import dev.rewind.eventstore.internal.mapped.MappedFileReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded store's source of truth: an append-only file holding every stored event, positions 1 to
 * {@link #lastPosition()} without gaps. The writer appends each group's rows here as one record and acknowledges
 * after that: by default once the record is forced to the disk (one {@code fdatasync} per group), so an acknowledged
 * append survives a power loss; with {@link StoreConfig.Durability#PROCESS} once {@code write} put it in the
 * operating system's cache, which survives {@code kill -9}. H2 holds no events, and the indexes that find them
 * ({@link LogOffsets}, {@link EventIdIndex},
 * {@link StreamIndex}) are derived from this log and caught up or rebuilt from it on opening.
 *
 * <p>Stream reads copy single events out of the log ({@link #readEvent}): {@link LogOffsets} keeps each position's
 * row offset, written right after each record, and both files are read through memory maps.
 *
 * <p>Format: an 8-byte header, then one record per transaction: body length (int), CRC-32C of the body (int), the
 * body (first position, row count, rows), and the body length again, so the last record can be found from the end.
 * A record cut short by a crash fails its length or checksum; it was never acknowledged and is cut off on opening.
 * A damaged record with whole records after it is not a write cut short: opening refuses it rather than cut them.
 */
public final class EventLog implements AutoCloseable {

    public static final String FILE_NAME = "rewind-events.log";
    private static final Logger LOG = LoggerFactory.getLogger(EventLog.class);
    static final byte[] HEADER = {'R', 'W', 'E', 'V', 'L', 'O', 'G', 1};
    static final int RECORD_HEAD = 8;
    static final int RECORD_OVERHEAD = RECORD_HEAD + 4;
    static final int BODY_HEAD = 12;
    /** The read index keeps the offset of one record per this many positions. */
    private static final long INDEX_STEP = 1_024;
    private static final long PAGE = 4_096;

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;
    private final MappedFileReader rowReader;
    /** Whether each append waits for the disk ({@link StoreConfig.Durability#DISK}), so it survives a power loss. */
    private final boolean forceEachAppend;
    /** Whether the machine stopped with the store open since it last ran: unforced writes may then be lost. */
    private final boolean machineStopped;
    /** What opening cut off the end of the log; null if nothing. */
    private Cut cut;
    private LogOffsets offsets;
    private ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
    private int[] rowStarts = new int[64];
    private long[] rowOffsets = new long[64];
    private int[] rowLengths = new int[64];
    private int[] rowChecksums = new int[64];
    /** Set once the offsets were found to disagree with the log, and the file marked to be filled in again. */
    private volatile boolean offsetsInvalidated;
    /** Record offsets by first position, at least one per {@link #INDEX_STEP} positions known so far. */
    private final ConcurrentSkipListMap<Long, Long> index = new ConcurrentSkipListMap<>();
    /** Where the records end; the file may be longer ({@link #allocated}). */
    private long size;
    /** The file's length: with {@link #forceEachAppend}, zeros written ahead of the records (see {@link #reserve}). */
    private long allocated;
    private long lastPosition;
    private boolean broken;
    /** Whether opening found no log (or only the start of its header) and began a new one. */
    private boolean created;
    /** What readers may see: the records the writer has {@link #committed()}. */
    private volatile long committedSize;
    private volatile long committedPosition;
    /** What is in the file, committed or not. */
    private volatile long writtenSize;
    private volatile long writtenPosition;

    /** Receives the rows of {@link #readFrom}; may fail with {@code E}. */
    @FunctionalInterface
    interface RowSink<E extends Exception> {
        void accept(EventRow row) throws E;
    }

    /** Bytes cut off the end on opening, kept in {@code quarantine}; {@code setAside} is a whole record among them. */
    private record Cut(long fromByte, long bytes, Path quarantine, LogResync.Found setAside) {
    }

    private EventLog(Path file, FileChannel channel, FileLock lock, boolean forceEachAppend, boolean machineStopped) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
        this.forceEachAppend = forceEachAppend;
        this.machineStopped = machineStopped;
        this.rowReader = new MappedFileReader(channel);
    }

    /**
     * Opens (or creates) the log in an embedded store's folder and locks it for this process; cuts off a record a crash
     * left incomplete.
     *
     * @throws EventStoreException if another process has the store open, or the file cannot be opened or is not a
     *     Rewind event log
     */
    static EventLog open(Path folder) {
        return open(folder, StoreConfig.Durability.DISK);
    }

    /**
     * Opens (or creates) the log with the given durability; see {@link #open(Path)}.
     *
     * @throws EventStoreException as {@link #open(Path)}
     */
    public static EventLog open(Path folder, StoreConfig.Durability durability) {
        return open(folder, durability, false);
    }

    /**
     * Opens (or creates) the log; see {@link #open(Path)}. After a machine stop ({@code machineStopped}) with
     * {@link StoreConfig.Durability#PROCESS}, damage holding a zero-filled page is what lost writes leave, so it is
     * cut off with everything after it (kept in the quarantine folder) rather than refused.
     *
     * @throws EventStoreException as {@link #open(Path)}
     */
    public static EventLog open(Path folder, StoreConfig.Durability durability, boolean machineStopped) {
        Path file = folder.resolve(FILE_NAME);
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new EventStoreException("Could not open the event log " + file + " (" + e.getMessage()
                    + "); check that the store's folder exists and is writable.", e);
        }
        try {
            FileLock lock = tryLock(channel);
            if (lock == null) {
                throw new EventStoreException("The embedded store in " + folder + " is in use by another process (its"
                        + " event"
                        + " log " + file + " is locked); stop that process or choose another folder.");
            }
            EventLog log = new EventLog(file, channel, lock, durability == StoreConfig.Durability.DISK,
                    machineStopped);
            log.load();
            log.openOffsets(folder);
            return log;
        } catch (IOException | RuntimeException e) {
            try {
                channel.close();
            } catch (IOException closing) {
                e.addSuppressed(closing);
            }
            if (e instanceof EventStoreException known) {
                throw known;
            }
            throw new EventStoreException("Could not read the event log " + file + " (" + e.getMessage() + "); check"
                    + " the disk and the file's permissions.", e);
        }
    }

    /** Forces a folder's entries (the names of its files) to the disk. */
    static void forceFolder(Path folder) throws IOException {
        try (FileChannel directory = FileChannel.open(folder, StandardOpenOption.READ)) {
            directory.force(true);
        }
    }

    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            return null;
        }
    }

    private void load() throws IOException {
        size = channel.size();
        allocated = size;
        if (size < HEADER.length) {
            created = true;
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(HEADER), 0);
            size = HEADER.length;
            allocated = size;
            if (forceEachAppend) {
                // the new file's name must reach the disk too, or a power loss takes the whole log away
                channel.force(true);
                forceFolder(file.getParent());
            }
            committed();
            return;
        }
        ByteBuffer header = ByteBuffer.allocate(HEADER.length);
        readFully(header, 0);
        if (isZeros(header.array())) {
            // a power loss can lose the page of a new log's header while later pages reached the disk
            LOG.warn("The header of the event log {} is zero-filled (lost in a power loss); writing it again", file);
            channel.write(ByteBuffer.wrap(HEADER), 0);
        } else if (!Arrays.equals(header.array(), HEADER)) {
            throw new EventStoreException("The file " + file + " is not a Rewind event log (or one of a newer"
                    + " version); move it away only if this folder is not a Rewind embedded store.");
        }
        // zeros after the records are space written ahead of them (or writes a power loss lost): not records
        size = endOfRecords(channel, allocated);
        // after a machine stop, unforced pages may be lost anywhere in what was written last, not only at the end
        if (!tailIsWhole() || machineStopped) {
            cutTornTail();
        }
        committed();
    }

    /** Opens the offsets of the rows and brings them in line with the log: cut what it lacks, fill in the rest. */
    private void openOffsets(Path folder) throws IOException {
        offsets = LogOffsets.open(folder);
        try {
            if (cut != null || machineStopped) {
                reportCut(offsets.entries());
            }
            offsets.truncate(lastPosition);
            long from = offsets.entries() + 1;
            if (from > lastPosition) {
                return;
            }
            LogReader reader = new LogReader(channel, recordBefore(from, size, lastPosition), size, file.toString());
            for (ByteBuffer body = reader.next(); body != null; body = reader.next()) {
                long first = LogRecordFormat.firstPosition(body);
                int count = rowSpans(body, reader.recordOffset() + RECORD_HEAD);
                int skip = (int) Math.max(0, from - first);
                if (skip < count) {
                    System.arraycopy(rowOffsets, skip, rowOffsets, 0, count - skip);
                    System.arraycopy(rowLengths, skip, rowLengths, 0, count - skip);
                    System.arraycopy(rowChecksums, skip, rowChecksums, 0, count - skip);
                    offsets.append(rowOffsets, rowLengths, rowChecksums, count - skip);
                }
            }
            LOG.info("Found the rows of positions {}..{} in the event log {}", from, lastPosition, file);
        } catch (IOException | RuntimeException e) {
            offsets.close();
            throw e;
        }
    }

    /**
     * Puts the file offsets, lengths and CRC-32Cs of a body's rows into {@link #rowOffsets}, {@link #rowLengths} and
     * {@link #rowChecksums}.
     */
    private int rowSpans(ByteBuffer body, long bodyOffset) {
        int count = LogRecordFormat.rowCount(body);
        if (rowStarts.length < count + 1) {
            rowStarts = new int[count + 1];
            rowOffsets = new long[count];
            rowLengths = new int[count];
            rowChecksums = new int[count];
        }
        LogRecordFormat.rowStarts(body, rowStarts);
        CRC32C crc = new CRC32C();
        for (int i = 0; i < count; i++) {
            rowOffsets[i] = bodyOffset + rowStarts[i];
            rowLengths[i] = rowStarts[i + 1] - rowStarts[i];
            crc.reset();
            crc.update(body.slice(rowStarts[i], rowLengths[i]));
            rowChecksums[i] = (int) crc.getValue();
        }
        return count;
    }

    /** Checks the last record through its trailing length; true for an empty log. */
    private boolean tailIsWhole() throws IOException {
        if (size == HEADER.length) {
            lastPosition = 0;
            return true;
        }
        // the last record's trailing length may end in zero bytes, which endOfRecords counted as free space
        long lastNonZero = size;
        for (long end = lastNonZero; end <= Math.min(lastNonZero + 3, allocated); end++) {
            size = end;
            if (recordEndsAtSize()) {
                return true;
            }
        }
        // the records a scan reads may end up to 3 bytes after the last byte that is not zero
        size = Math.min(lastNonZero + 3, allocated);
        return false;
    }

    /** Whether a whole record ends exactly at {@link #size}; if so, takes the last position from it. */
    private boolean recordEndsAtSize() throws IOException {
        if (size < HEADER.length + RECORD_OVERHEAD + BODY_HEAD) {
            return false;
        }
        ByteBuffer trailer = ByteBuffer.allocate(4);
        readFully(trailer, size - 4);
        long start = size - RECORD_OVERHEAD - trailer.getInt(0);
        if (trailer.getInt(0) < BODY_HEAD || start < HEADER.length) {
            return false;
        }
        LogReader reader = new LogReader(channel, start, size, file.toString());
        ByteBuffer body = reader.nextWhole();
        if (body == null || reader.offset() != size) {
            return false;
        }
        lastPosition = LogRecordFormat.lastPosition(body);
        index.put(LogRecordFormat.firstPosition(body), start);
        return true;
    }

    /**
     * Reads the records from the start and cuts the file after the last whole one, when nothing whole follows: a
     * write cut short is only ever the last record. A damaged record with whole ones after it is not cut off (that
     * would delete acknowledged events); opening is refused with the damaged range instead.
     */
    private void cutTornTail() throws IOException {
        LogReader reader = new LogReader(channel, HEADER.length, size, file.toString());
        long last = 0;
        for (ByteBuffer body = reader.nextWhole(); body != null; body = reader.nextWhole()) {
            last = LogRecordFormat.lastPosition(body);
            remember(LogRecordFormat.firstPosition(body), last, reader.recordOffset());
        }
        long offset = reader.offset();
        if (offset == size) {
            lastPosition = last;
            return;
        }
        LogResync.Found next = LogResync.nextWholeRecord(channel, offset + 1, size);
        boolean lostWrites = next != null && machineStopped && !forceEachAppend
                && holdsZeroPage(channel, offset, next.offset());
        if (next != null && !lostWrites) {
            throw new EventStoreException("The event log " + file + " is damaged from byte " + offset + " to byte "
                    + next.offset() + " of " + size + ": the record after position " + last + " fails its checksum,"
                    + " yet whole records follow it (the next one holds positions " + next.firstPosition() + " to "
                    + next.lastPosition() + "). This is not a write cut short by a crash, so opening does not cut"
                    + " it off; the store was not opened and nothing was changed. Restore " + FILE_NAME + " from a"
                    + " backup, or check the disk and keep the events up to position " + last + ": with no process"
                    + " using the store, EmbeddedStoreCheck.verify(folder) lists every damaged range and"
                    + " EmbeddedStoreCheck.repair(folder, " + last + ") moves everything after position " + last
                    + " into the quarantine folder.");
        }
        Path quarantine = LogQuarantine.copyTail(channel, file, offset, size);
        channel.truncate(offset);
        allocated = offset;
        if (forceEachAppend) {
            channel.force(true);
        }
        cut = new Cut(offset, size - offset, quarantine, next);
        size = offset;
        lastPosition = last;
    }

    /**
     * Says what opening cut off, or that the log lost its last writes (zeros where records were), once the offsets
     * file tells how far the log had been seen.
     */
    private void reportCut(long seen) {
        String dropped = seen > lastPosition ? "rewind-events.idx had seen up to position " + seen + ", so at least "
                + (seen - lastPosition) + " positions were dropped"
                : "how many positions were dropped, if any, is not known (the files that count them lose their"
                        + " writes too)";
        if (cut != null && cut.setAside() != null) {
            dropped += "; whole records after the lost stretch were set aside too, the first holding positions "
                    + cut.setAside().firstPosition() + " to " + cut.setAside().lastPosition();
        }
        String kept = cut == null ? "Its records end whole, so nothing was cut off"
                : "Bytes " + cut.fromByte() + " to " + (cut.fromByte() + cut.bytes()) + " held no whole records;"
                        + " they are kept in " + cut.quarantine() + " and cut off";
        if (machineStopped) {
            LOG.error("The event log {} lost its last writes when the machine stopped (a power loss or an"
                    + " operating-system crash) with the store open. {}. The log now ends at position {}, and {}."
                    + " With durability=disk only appends never acknowledged are lost this way; with"
                    + " durability=process, those of the last seconds before the stop.", file, kept, lastPosition,
                    dropped);
        } else {
            LOG.warn("The event log {} ends in an incomplete record at byte {} ({} bytes; a write cut short when its"
                    + " process stopped, never acknowledged). It is kept in {} and cut off; the log ends at position"
                    + " {}.", file, cut.fromByte(), cut.bytes(), cut.quarantine(), lastPosition);
        }
    }

    /** Whether bytes {@code from} to {@code to} of the file are all zero: what writes lost in a power loss leave. */
    static boolean isZeros(FileChannel channel, long from, long to) throws IOException {
        ByteBuffer chunk = ByteBuffer.allocate(64 * 1024);
        for (long at = from; at < to; at += chunk.limit()) {
            chunk.clear().limit((int) Math.min(chunk.capacity(), to - at));
            while (chunk.hasRemaining()) {
                if (channel.read(chunk, at + chunk.position()) < 0) {
                    return false;
                }
            }
            if (!isZeros(chunk.array(), chunk.limit())) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether bytes {@code from} to {@code to} hold a whole zero-filled page (4 KiB, aligned): what the operating
     * system's lost write-back of a page leaves, as opposed to a record overwritten or decayed on the disk.
     */
    static boolean holdsZeroPage(FileChannel channel, long from, long to) throws IOException {
        for (long page = (from + PAGE - 1) / PAGE * PAGE; page + PAGE <= to; page += PAGE) {
            if (isZeros(channel, page, page + PAGE)) {
                return true;
            }
        }
        return false;
    }

    static boolean isZeros(byte[] bytes) {
        return isZeros(bytes, bytes.length);
    }

    private static boolean isZeros(byte[] bytes, int length) {
        for (int i = 0; i < length; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return true;
    }

    /** The store's folder, which holds the log and the files derived from it. */
    Path folder() {
        return file.getParent();
    }

    /** Whether this opening cut bytes off the end of the log (they are in the quarantine folder). */
    public boolean wasCut() {
        return cut != null;
    }

    /** Whether this opening began the log: there was none in the folder (or only the start of its header). */
    public boolean wasCreated() {
        return created;
    }

    /** The position of the last event in the log; 0 when it is empty. */
    public long lastPosition() {
        return lastPosition;
    }

    /** The file's length in bytes. */
    long size() {
        return size;
    }

    /**
     * Appends one transaction's rows, which must continue the log's positions, as one record. When this returns the
     * record is on the disk ({@link StoreConfig.Durability#DISK}) or in the operating system's cache
     * ({@link StoreConfig.Durability#PROCESS}).
     */
    void append(List<EventRow> rows) throws IOException {
        if (broken) {
            throw new IOException("an earlier write to the event log " + file + " failed and could not be undone;"
                    + " close the store and open it again");
        }
        if (rows.isEmpty() || rows.get(0).position() != lastPosition + 1) {
            throw new IllegalStateException("The rows to log must start at position " + (lastPosition + 1));
        }
        ByteBuffer record = encode(rows);
        long start = size;
        long position = lastPosition;
        try {
            if (forceEachAppend && start + record.limit() > allocated) {
                reserve(start + record.limit());
            }
            while (record.hasRemaining()) {
                channel.write(record, start + record.position());
            }
            int count = rowSpans(record.slice(RECORD_HEAD, record.limit() - RECORD_OVERHEAD), start + RECORD_HEAD);
            offsets.append(rowOffsets, rowLengths, rowChecksums, count);
            if (forceEachAppend) {
                channel.force(false);
            }
        } catch (IOException e) {
            undo(start, position, e);
            throw e;
        }
        size = start + record.limit();
        remember(rows.get(0).position(), rows.get(rows.size() - 1).position(), start);
        lastPosition += rows.size();
        writtenSize = size;
        writtenPosition = lastPosition;
    }

    /**
     * Writes zeros ahead of the records, up to at least {@code end}, and forces them with the file's new length. An
     * append that grows the file makes {@code fdatasync} journal the new length too (about 1.3 ms against 0.15-0.26
     * ms here), so the disk mode writes records over space already there. Grows by an eighth of the file, 1 to 64
     * MiB at a time.
     */
    private void reserve(long end) throws IOException {
        long target = Math.max(end, allocated + Math.min(64L << 20, Math.max(1L << 20, allocated / 8)));
        ByteBuffer zeros = ByteBuffer.allocate(1 << 20);
        for (long at = allocated; at < target; ) {
            zeros.clear().limit((int) Math.min(zeros.capacity(), target - at));
            at += channel.write(zeros, at);
        }
        channel.force(true);
        allocated = target;
    }

    /**
     * Where the records of a log file of {@code length} bytes end: after its last byte that is not zero (a record's
     * trailing length may end in zero bytes, which {@link #tailIsWhole} allows for). Reads backwards.
     */
    static long endOfRecords(FileChannel channel, long length) throws IOException {
        ByteBuffer chunk = ByteBuffer.allocate(64 * 1024);
        long end = length;
        while (end > HEADER.length) {
            long from = Math.max(HEADER.length, end - chunk.capacity());
            chunk.clear().limit((int) (end - from));
            while (chunk.hasRemaining()) {
                if (channel.read(chunk, from + chunk.position()) < 0) {
                    throw new IOException("the event log ended while reading at byte " + from);
                }
            }
            for (int i = chunk.limit() - 1; i >= 0; i--) {
                if (chunk.get(i) != 0) {
                    return from + i + 1;
                }
            }
            end = from;
        }
        return HEADER.length;
    }

    /** Lets readers of the global log see everything appended so far. */
    void committed() {
        writtenSize = size;
        writtenPosition = lastPosition;
        committedSize = size;
        committedPosition = lastPosition;
    }

    /** The last position readers may see. */
    long committedPosition() {
        return committedPosition;
    }

    /** Indexes the record if it holds the first position of a step, so any position is at most a step away. */
    private void remember(long first, long last, long offset) {
        if ((first - 1) % INDEX_STEP == 0 || (first - 1) / INDEX_STEP != (last - 1) / INDEX_STEP) {
            index.put(first, offset);
        }
    }

    /**
     * Cuts the file back to {@code length} and the log to {@code position}, undoing the records after them (their
     * write failed). If even that fails the log takes no more records.
     */
    void undo(long length, long position, Exception cause) {
        try {
            channel.truncate(length);
            allocated = Math.min(allocated, length);
            offsets.truncate(position);
            size = length;
            lastPosition = position;
            writtenSize = size;
            writtenPosition = position;
            index.tailMap(position + 1).clear();
        } catch (IOException e) {
            broken = true;
            cause.addSuppressed(e);
        }
    }

    /**
     * Passes the rows from position {@code from} to {@code to} (both included), in order (for recovery, before the
     * writer starts). Finds the starting record by walking back from the end, so catching up an index after a crash
     * touches only the end of the file.
     */
    <E extends Exception> void readFrom(long from, long to, RowSink<E> sink) throws IOException, E {
        if (from > Math.min(to, lastPosition)) {
            return;
        }
        LogReader reader = new LogReader(channel, recordBefore(from, size, lastPosition), size, file.toString());
        for (ByteBuffer body = reader.next(); body != null; body = reader.next()) {
            LogRecordFormat.<E>decodeRows(body, from, row -> {
                if (row.position() <= to) {
                    sink.accept(row);
                }
            });
            if (LogRecordFormat.lastPosition(body) >= to) {
                return;
            }
        }
    }

    /**
     * Reads up to {@code maxCount} committed events from {@code position} on that pass the filter, with big
     * sequential reads; safe to call from many threads while the writer appends.
     *
     * @throws IOException if the file cannot be read
     */
    List<RecordedEvent> read(long position, int maxCount, EventFilter filter) throws IOException {
        return read(position, maxCount, filter, committedSize, committedPosition);
    }

    /**
     * The event at {@code position} if it is version {@code version} of stream {@code streamId} (as the
     * {@link StreamIndex} says); null if the log holds another event there. Its row is found through
     * {@link LogOffsets}, copied out of the page cache and checked against its CRC, or (entry unknown, or the row
     * fails its check) read through the record index, whose records carry checksums too. Safe from many threads for
     * any position the writer has appended.
     *
     * @throws IOException if the file cannot be read, or the record holding that position is damaged
     */
    RecordedEvent readEvent(long position, String streamId, byte[] streamIdBytes, long version) throws IOException {
        long entry = offsets.entry(position);
        ByteBuffer row = indexedRow(entry, position);
        RecordedEvent event = row == null ? null
                : LogRecordFormat.decodeRow(row, position, streamId, streamIdBytes, version);
        if (event != null) {
            return event;
        }
        event = readRecord(position, writtenSize, writtenPosition);
        boolean expected = event != null && event.streamId().equals(streamId) && event.streamVersion() == version;
        if (entry != 0 && (row == null || expected)) {
            offsetsDisagree(position);
        }
        return expected ? event : null;
    }

    /**
     * Stream and version of the committed event at {@code position}; null if the log holds none there. Reads the
     * single row through {@link LogOffsets} when its entry is right, else the event's record.
     *
     * @throws IOException if the file cannot be read, or the record holding that position is damaged
     */
    StreamInfo streamAt(long position) throws IOException {
        if (position < 1 || position > committedPosition) {
            return null;
        }
        ByteBuffer row = indexedRow(offsets.entry(position), position);
        StreamInfo found = row == null ? null : LogRecordFormat.decodeStream(row);
        if (found != null) {
            return found;
        }
        RecordedEvent event = readRecord(position, committedSize, committedPosition);
        return event == null ? null : new StreamInfo(event.streamId(), event.streamVersion());
    }

    /** What an acknowledged append survives: {@code disk} (a power loss) or {@code process} (the process killed). */
    String durability() {
        return forceEachAppend ? "disk" : "process";
    }

    /**
     * Stream and version of the committed event at {@code position} if its id is {@code eventId}; null if the log
     * holds another event there, or none. Reads the single row through {@link LogOffsets} when its entry is right.
     *
     * @throws IOException if the file cannot be read, or the record holding that position is damaged
     */
    StoredEventIds.Stored storedAt(long position, UUID eventId) throws IOException {
        if (position < 1 || position > committedPosition) {
            return null;
        }
        long entry = offsets.entry(position);
        ByteBuffer row = indexedRow(entry, position);
        if (row != null) {
            return LogRecordFormat.decodeStored(row, position, eventId);
        }
        RecordedEvent event = readRecord(position, committedSize, committedPosition);
        if (entry != 0) {
            offsetsDisagree(position);
        }
        return event == null || !event.eventId().equals(eventId) ? null
                : new StoredEventIds.Stored(position, event.streamId(), event.streamVersion(), eventId);
    }

    /**
     * The version of the event at {@code position} if it belongs to the stream whose UTF-8 id is
     * {@code streamIdBytes}; -1 if another stream's event is there, or none is. Safe from many threads for any
     * position the writer has appended.
     *
     * @throws IOException if the file cannot be read, or the record holding that position is damaged
     */
    long versionAt(long position, byte[] streamIdBytes) throws IOException {
        if (position < 1 || position > writtenPosition) {
            return -1;
        }
        long entry = offsets.entry(position);
        ByteBuffer row = indexedRow(entry, position);
        if (row != null) {
            return LogRecordFormat.decodeVersion(row, streamIdBytes);
        }
        RecordedEvent event = readRecord(position, writtenSize, writtenPosition);
        if (entry != 0) {
            offsetsDisagree(position);
        }
        return event == null || !Arrays.equals(event.streamId().getBytes(UTF_8), streamIdBytes) ? -1
                : event.streamVersion();
    }

    /**
     * The row that the {@link LogOffsets} entry (0 if unknown) of {@code position} points to, copied out of the page
     * cache, if it matches the CRC the entry holds; else null, and the caller reads the event's record.
     */
    private ByteBuffer indexedRow(long entry, long position) throws IOException {
        if (entry == 0) {
            return null;
        }
        byte[] row = rowReader.read(LogOffsets.offsetOf(entry), LogOffsets.lengthOf(entry));
        if (row == null) {
            return null;
        }
        CRC32C crc = new CRC32C();
        crc.update(row);
        return (int) crc.getValue() == offsets.rowChecksum(position) ? ByteBuffer.wrap(row) : null;
    }

    /**
     * The event at {@code position} read from its record, which is checked against the record's checksum; null if
     * the log does not hold the position.
     */
    private RecordedEvent readRecord(long position, long end, long last) throws IOException {
        try {
            List<RecordedEvent> found = read(position, 1, EventFilter.all(), end, last);
            return found.isEmpty() ? null : found.get(0);
        } catch (IOException e) {
            throw new IOException("reading position " + position + ": " + e.getMessage(), e);
        }
    }

    /**
     * The offsets had a valid entry for {@code position}, but its row is not what the record holds (the entry was
     * damaged in a way its check missed): the file is marked to be filled in again from the log on the next opening.
     */
    private void offsetsDisagree(long position) throws IOException {
        if (!offsetsInvalidated) {
            offsetsInvalidated = true;
            LOG.warn("The row of position {} in the event log {} is not where {} says (that file is damaged); it is"
                    + " filled in again from the log on the next opening", position, file, LogOffsets.FILE_NAME);
            offsets.invalidate();
        }
    }

    private List<RecordedEvent> read(long position, int maxCount, EventFilter filter, long end, long last)
            throws IOException {
        List<RecordedEvent> events = new ArrayList<>(Math.min(maxCount, 4_096));
        if (position > last) {
            return events;
        }
        LogReader reader = new LogReader(channel, recordBefore(position, end, last), end, file.toString());
        for (ByteBuffer body = reader.next(); body != null && events.size() < maxCount; body = reader.next()) {
            long recordLast = LogRecordFormat.lastPosition(body);
            remember(LogRecordFormat.firstPosition(body), recordLast, reader.recordOffset());
            if (recordLast >= position) {
                LogRecordFormat.decodeEvents(body, position, filter, maxCount, events);
            }
        }
        return events;
    }

    /**
     * The offset of a record at or before the one holding {@code position}: from the index, or by walking back from
     * {@code end} over the records' trailing lengths when that is closer.
     */
    private long recordBefore(long position, long end, long last) throws IOException {
        Map.Entry<Long, Long> known = index.floorEntry(position);
        long knownFirst = known == null ? 1 : known.getKey();
        long knownOffset = known == null ? HEADER.length : known.getValue();
        if (last - position >= position - knownFirst) {
            return knownOffset;
        }
        long offset = end;
        ByteBuffer number = ByteBuffer.allocate(8);
        while (offset > knownOffset) {
            number.clear().limit(4);
            readFully(number, offset - 4);
            offset -= RECORD_OVERHEAD + number.getInt(0);
            number.clear();
            readFully(number, offset + RECORD_HEAD);
            if (number.getLong(0) <= position) {
                index.put(number.getLong(0), offset);
                return offset;
            }
        }
        return knownOffset;
    }

    private ByteBuffer encode(List<EventRow> rows) {
        buffer.clear();
        buffer.position(RECORD_HEAD);
        buffer = LogRecordFormat.encode(rows, buffer);
        int length = buffer.position() - RECORD_HEAD;
        buffer = LogRecordFormat.room(buffer, 4);
        buffer.putInt(length);
        CRC32C crc = new CRC32C();
        crc.update(buffer.array(), RECORD_HEAD, length);
        buffer.putInt(0, length).putInt(4, (int) crc.getValue());
        return buffer.flip();
    }

    private void readFully(ByteBuffer target, long position) throws IOException {
        while (target.hasRemaining()) {
            if (channel.read(target, position + target.position()) < 0) {
                throw new IOException("the event log " + file + " ended while reading at byte " + position);
            }
        }
    }

    /** Releases the lock and closes the file. */
    @Override
    public void close() {
        try {
            if (allocated > size && !broken) {
                // a closed log ends at its last record: copies and checks of the file see exactly the records
                channel.truncate(size);
            }
            offsets.close();
            lock.release();
            channel.close();
        } catch (IOException e) {
            LOG.warn("Could not close the event log {}: {}", file, e.toString());
        }
    }
}
