package dev.rewind.eventstore.internal.log;

import dev.rewind.eventstore.internal.mapped.EntryChecks;
import dev.rewind.eventstore.internal.mapped.PositionFile;
import java.io.IOException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where each event lies in the {@link EventLog}: the file {@code rewind-events.idx} holds one entry of 16 bytes per
 * position, in position order: the byte offset of the event's row in the log (40 bits) and the row's length
 * (24 bits), then the row's CRC-32C and a check of the entry itself. Stream reads look an event up here by its
 * position, copy its row out of the log and compare the row with its CRC, so a damaged log is noticed there as well
 * as in the global log (whose records carry their own checksums).
 *
 * <p>Derived from the log, never the truth: the log writes the entries of each record right after the record; on
 * opening, entries beyond the log's end are cut off, the rest are checked, and from the first that fails its check
 * (or that a crash left out) they are filled in again from the log. Readers also check each entry they use and
 * that the row is the event they asked for, so an entry damaged while the store is open only costs a slower read.
 * An entry with offset and length 0 means "not known" (a row too far into the log or too long to pack): the reader
 * then finds the row through the log.
 */
public final class LogOffsets implements AutoCloseable {

    static final String FILE_NAME = "rewind-events.idx";
    /** Bytes per entry. */
    static final int ENTRY_BYTES = 16;
    private static final Logger LOG = LoggerFactory.getLogger(LogOffsets.class);
    private static final byte[] HEADER = {'R', 'W', 'E', 'V', 'I', 'D', 'X', 2};
    private static final int LENGTH_BITS = 24;
    private static final long MAX_LENGTH = (1L << LENGTH_BITS) - 1;
    private static final long MAX_OFFSET = (1L << (Long.SIZE - LENGTH_BITS)) - 1;
    private static final int CHECK_BITS = 32;

    private final PositionFile file;
    private long[] entries = new long[128];

    private LogOffsets(PositionFile file) {
        this.file = file;
    }

    /**
     * Opens (or creates) the file in the store's folder and checks every entry, keeping those before the first that
     * fails; a file that is not an offset file of this version is started afresh, as everything in it can be
     * derived from the log again.
     */
    static LogOffsets open(Path folder) throws IOException {
        Path path = folder.resolve(FILE_NAME);
        PositionFile file = PositionFile.open(path, HEADER, 2);
        try {
            long failing = file.firstFailing((position, words, at) -> valid(position, words[at], words[at + 1]));
            if (failing > 0) {
                LOG.warn("The entry of position {} in {} fails its check (the file is damaged); its entries from"
                        + " there on are found again in the event log", failing, path);
                file.truncate(failing - 1);
            }
            return new LogOffsets(file);
        } catch (IOException | RuntimeException e) {
            file.close();
            throw e;
        }
    }

    /** How many positions, from 1 on, have an entry. */
    long entries() {
        return file.entries();
    }

    /** Keeps the entries of positions 1 to {@code position} only. */
    void truncate(long position) throws IOException {
        file.truncate(position);
    }

    /** Adds the entries of the next positions: {@code count} rows at the given offsets, lengths and CRC-32Cs. */
    void append(long[] rowOffsets, int[] rowLengths, int[] rowChecksums, int count) throws IOException {
        if (entries.length < 2 * count) {
            entries = new long[2 * count];
        }
        long position = file.entries() + 1;
        for (int i = 0; i < count; i++, position++) {
            long packed = pack(rowOffsets[i], rowLengths[i]);
            long checksum = packed == 0 ? 0 : rowChecksums[i] & 0xFFFF_FFFFL;
            entries[2 * i] = packed;
            entries[2 * i + 1] = checksum << CHECK_BITS | EntryChecks.check(position, packed, checksum, CHECK_BITS);
        }
        file.append(entries, count);
    }

    /** The log offset of the row an entry (not 0) points to. */
    static long offsetOf(long entry) {
        return entry >>> LENGTH_BITS;
    }

    /** The length of the row an entry (not 0) points to. */
    static int lengthOf(long entry) {
        return (int) (entry & MAX_LENGTH);
    }

    /**
     * The entry of {@code position}, for {@link #offsetOf} and {@link #lengthOf} (safe from any thread once the
     * writer wrote it); 0 if not known or not valid.
     */
    long entry(long position) throws IOException {
        long packed = file.get(position, 0);
        return packed != 0 && valid(position, packed, file.get(position, 1)) ? packed : 0;
    }

    /** The CRC-32C of the row at {@code position}, as the writer computed it; only meaningful if it has an entry. */
    int rowChecksum(long position) throws IOException {
        return (int) (file.get(position, 1) >>> CHECK_BITS);
    }

    /** Has the next opening fill the file in again from the log (it was found to disagree with the log). */
    void invalidate() throws IOException {
        file.invalidate();
    }

    private static boolean valid(long position, long packed, long checked) {
        long checksum = checked >>> CHECK_BITS;
        return (checked & 0xFFFF_FFFFL) == EntryChecks.check(position, packed, checksum, CHECK_BITS);
    }

    private static long pack(long offset, int length) {
        return offset > MAX_OFFSET || length > MAX_LENGTH ? 0 : offset << LENGTH_BITS | length;
    }

    @Override
    public void close() throws IOException {
        file.close();
    }
}
