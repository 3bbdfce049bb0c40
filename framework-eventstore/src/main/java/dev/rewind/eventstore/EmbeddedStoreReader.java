package dev.rewind.eventstore;

import dev.rewind.core.eventstore.EventFilter;
import dev.rewind.core.eventstore.EventStoreException;
import dev.rewind.core.eventstore.RecordedEvent;
import dev.rewind.eventstore.internal.log.SharedLogReader;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads the event log of an embedded store's folder ({@code embedded:<folder>}) from outside, while the application
 * that has the store open goes on appending: it takes no lock and writes nothing, and reads each record through its
 * checksum up to the last whole one, so it sees a prefix of the log that only grows. Reads scan the log (the store's
 * indexes are its own), which suits tools, not request paths; use it from another process than the store's.
 *
 * <pre>{@code
 * try (EmbeddedStoreReader log = EmbeddedStoreReader.open(Path.of("./data"))) {
 *     long head = log.headPosition();
 *     List<RecordedEvent> first = log.readAll(1, 100, EventFilter.all());
 * }
 * }</pre>
 */
public final class EmbeddedStoreReader implements AutoCloseable {

    private final SharedLogReader log;
    private final Path folder;

    private EmbeddedStoreReader(Path folder, SharedLogReader log) {
        this.folder = folder;
        this.log = log;
    }

    /**
     * Opens the log in a store folder for reading.
     *
     * @throws EventStoreException if the folder holds no event log, or the file is not one
     */
    public static EmbeddedStoreReader open(Path folder) {
        return new EmbeddedStoreReader(folder, SharedLogReader.open(folder));
    }

    /**
     * Whether a process has the store in {@code folder} open (it locks the log). Call it from another process: on
     * Linux, closing any file channel drops every lock its process holds on that file.
     *
     * @throws EventStoreException if the folder holds no event log
     */
    public static boolean inUse(Path folder) {
        return SharedLogReader.inUse(folder);
    }

    /** The store's folder. */
    public Path folder() {
        return folder;
    }

    /** The log file. */
    public Path logFile() {
        return log.file();
    }

    /**
     * The position of the last event of the whole records now in the log; 0 if there are none. Reads what was
     * appended since the last call.
     *
     * @throws EventStoreException if the log cannot be read
     */
    public long headPosition() {
        return log.head();
    }

    /**
     * Up to {@code maxCount} events from position {@code fromPosition} on that pass the filter, in order.
     *
     * @throws IllegalArgumentException if {@code fromPosition} or {@code maxCount} is below 1
     * @throws EventStoreException if the log cannot be read or a record before the head is damaged
     */
    public List<RecordedEvent> readAll(long fromPosition, int maxCount, EventFilter filter) {
        if (fromPosition < 1 || maxCount < 1) {
            throw new IllegalArgumentException("fromPosition and maxCount must be at least 1, not " + fromPosition
                    + " and " + maxCount);
        }
        return log.read(fromPosition, maxCount, filter);
    }

    /** Closes the file. */
    @Override
    public void close() {
        log.close();
    }
}
