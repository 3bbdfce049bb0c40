package dev.rewind.eventstore.internal.log;

import dev.rewind.core.eventstore.EventFilter;
import dev.rewind.core.eventstore.EventStoreException;
import dev.rewind.core.eventstore.RecordedEvent;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads an {@link EventLog} that another process may have open and be appending to: without a lock and without
 * writing, record by record through their checksums, up to the last whole record. The log only ever grows at its end,
 * so every whole record read stays as it is; a record still being written reads as the end, until it is whole.
 */
public final class SharedLogReader implements AutoCloseable {

    /** The index keeps the offset of one record per this many positions. */
    private static final long INDEX_STEP = 1_024;

    private final Path file;
    private final FileChannel channel;
    private final boolean ownsChannel;
    /** Record offsets by first position, at least one per {@link #INDEX_STEP} positions. */
    private final TreeMap<Long, Long> index = new TreeMap<>();
    /** Where the whole records seen so far end. */
    private long end = EventLog.HEADER.length;
    /** The last position of those records. */
    private long head;

    SharedLogReader(Path file, FileChannel channel, boolean ownsChannel) throws IOException {
        this.file = file;
        this.channel = channel;
        this.ownsChannel = ownsChannel;
        checkHeader();
    }

    /**
     * Opens the log of a store folder for reading.
     *
     * @throws EventStoreException if the folder holds no event log, or the file is not one
     */
    public static SharedLogReader open(Path folder) {
        Path file = logFile(folder);
        try {
            FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
            try {
                return new SharedLogReader(file, channel, true);
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
        } catch (IOException e) {
            throw new EventStoreException("Could not read the event log " + file + " (" + e.getMessage() + "); check"
                    + " the file's permissions.", e);
        }
    }

    /**
     * The event log of a store folder.
     *
     * @throws EventStoreException if there is none
     */
    static Path logFile(Path folder) {
        Path file = folder.resolve(EventLog.FILE_NAME);
        if (!Files.isRegularFile(file)) {
            throw new EventStoreException("There is no event log " + file + "; name the folder of an embedded store"
                    + " (the folder of embedded:<folder>).");
        }
        return file;
    }

    /**
     * Whether a process has the store in a folder open: its log is locked. Meant for another process than the
     * store's: on Linux, closing any channel on a file drops every lock the process holds on it.
     */
    public static boolean inUse(Path folder) {
        Path file = logFile(folder);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            FileLock lock;
            try {
                lock = channel.tryLock(0, Long.MAX_VALUE, true);
            } catch (OverlappingFileLockException e) {
                return true;
            }
            if (lock == null) {
                return true;
            }
            lock.release();
            return false;
        } catch (IOException e) {
            throw new EventStoreException("Could not read the event log " + file + " (" + e.getMessage() + "); check"
                    + " the file's permissions.", e);
        }
    }

    private void checkHeader() throws IOException {
        ByteBuffer header = ByteBuffer.allocate(EventLog.HEADER.length);
        while (header.hasRemaining() && channel.read(header, header.position()) >= 0) {
            // reads until the header is in or the file ends
        }
        if (header.hasRemaining() || EventLog.isZeros(header.array())) {
            // a new log, or a header a power loss lost: the store writes it again on opening; no records to read yet
            return;
        }
        if (!Arrays.equals(header.array(), EventLog.HEADER)) {
            throw new EventStoreException("The file " + file + " is not a Rewind event log (or one of a newer"
                    + " version); check the folder.");
        }
    }

    /** The log file. */
    public Path file() {
        return file;
    }

    /**
     * Reads on to the last whole record now in the file and returns its last position (0 for an empty log).
     *
     * @throws EventStoreException if the file cannot be read
     */
    public synchronized long head() {
        try {
            LogReader reader = new LogReader(channel, end, channel.size(), file.toString());
            for (ByteBuffer body = reader.nextWhole(); body != null; body = reader.nextWhole()) {
                long first = LogRecordFormat.firstPosition(body);
                if (first != head + 1) {
                    // not the record that continues the log: damage, read as the end (verify tells more)
                    break;
                }
                long last = LogRecordFormat.lastPosition(body);
                if ((first - 1) / INDEX_STEP != (last - 1) / INDEX_STEP || (first - 1) % INDEX_STEP == 0) {
                    index.put(first, reader.recordOffset());
                }
                head = last;
                end = reader.offset();
            }
            return head;
        } catch (IOException e) {
            throw readFailure(e);
        }
    }

    /** Where the whole records that {@link #head()} found end: a copy of the file up to here holds them all. */
    public synchronized long end() {
        return end;
    }

    /**
     * Up to {@code maxCount} events of the whole records now in the file, from {@code fromPosition} on, that pass
     * the filter.
     *
     * @throws EventStoreException if the file cannot be read
     */
    public synchronized List<RecordedEvent> read(long fromPosition, int maxCount, EventFilter filter) {
        long last = head();
        List<RecordedEvent> events = new ArrayList<>(Math.min(maxCount, 1_024));
        if (fromPosition > last) {
            return events;
        }
        Map.Entry<Long, Long> start = index.floorEntry(fromPosition);
        try {
            LogReader reader = new LogReader(channel, start == null ? EventLog.HEADER.length : start.getValue(), end,
                    file.toString());
            for (ByteBuffer body = reader.next(); body != null && events.size() < maxCount; body = reader.next()) {
                if (LogRecordFormat.lastPosition(body) >= fromPosition) {
                    LogRecordFormat.decodeEvents(body, fromPosition, filter, maxCount, events);
                }
            }
            return events;
        } catch (IOException e) {
            throw readFailure(e);
        }
    }

    private EventStoreException readFailure(IOException e) {
        return new EventStoreException("Could not read the event log " + file + " (" + e.getMessage() + "); check"
                + " the disk and the file's permissions.", e);
    }

    /** Closes the file, unless it was handed in. */
    @Override
    public void close() {
        if (!ownsChannel) {
            return;
        }
        try {
            channel.close();
        } catch (IOException e) {
            throw readFailure(e);
        }
    }
}
