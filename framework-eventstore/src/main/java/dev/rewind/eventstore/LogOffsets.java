package dev.rewind.eventstore;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Where each event lies in the {@link EventLog}: the file {@code rewind-events.idx} holds one entry of 8 bytes per
 * position, in position order, packing the byte offset of the event's row in the log (40 bits) and the row's length
 * (24 bits). Stream reads look an event up here by its position and copy its row out of the log, instead of reading
 * a copy of the event from H2.
 *
 * <p>Derived from the log, never the truth: the log writes the entries of each record right after the record, and
 * on opening cuts off entries beyond the log's end and fills in those a crash left out. Readers check that the row
 * they find is the event they asked for, so an entry damaged some other way only costs a slower read. Entry 0 means
 * "not known" (a row too far into the log or too long to pack): the reader then finds the row through the log.
 */
final class LogOffsets implements AutoCloseable {

    static final String FILE_NAME = "rewind-events.idx";
    private static final byte[] HEADER = {'R', 'W', 'E', 'V', 'I', 'D', 'X', 1};
    private static final int LENGTH_BITS = 24;
    private static final long MAX_LENGTH = (1L << LENGTH_BITS) - 1;
    private static final long MAX_OFFSET = (1L << (Long.SIZE - LENGTH_BITS)) - 1;

    private final PositionFile file;
    private long[] packed = new long[64];

    private LogOffsets(PositionFile file) {
        this.file = file;
    }

    /**
     * Opens (or creates) the file in the store's folder; a file that is not an offset file of this version is
     * started afresh, as everything in it can be derived from the log again.
     */
    static LogOffsets open(Path folder) throws IOException {
        return new LogOffsets(PositionFile.open(folder.resolve(FILE_NAME), HEADER));
    }

    /** How many positions, from 1 on, have an entry. */
    long entries() {
        return file.entries();
    }

    /** Keeps the entries of positions 1 to {@code position} only. */
    void truncate(long position) throws IOException {
        file.truncate(position);
    }

    /** Adds the entries of the next positions: {@code count} rows at the given offsets and lengths. */
    void append(long[] rowOffsets, int[] rowLengths, int count) throws IOException {
        if (packed.length < count) {
            packed = new long[count];
        }
        for (int i = 0; i < count; i++) {
            packed[i] = pack(rowOffsets[i], rowLengths[i]);
        }
        file.append(packed, count);
    }

    /** The log offset of the row an entry (not 0) points to. */
    static long offsetOf(long entry) {
        return entry >>> LENGTH_BITS;
    }

    /** The length of the row an entry (not 0) points to. */
    static int lengthOf(long entry) {
        return (int) (entry & MAX_LENGTH);
    }

    /** The entry of {@code position} (safe from any thread once the writer wrote it); 0 if not known. */
    long entry(long position) throws IOException {
        return file.get(position);
    }

    private static long pack(long offset, int length) {
        return offset > MAX_OFFSET || length > MAX_LENGTH ? 0 : offset << LENGTH_BITS | length;
    }

    @Override
    public void close() throws IOException {
        file.close();
    }
}
