package dev.rewind.eventstore;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@link EmbeddedStoreCheck} found in an embedded store's event log.
 *
 * @param log the log file
 * @param bytes the file's length
 * @param intactPosition the last position before the first damage (the last position of all if none)
 * @param intactBytes where the first damage starts (the file's length if none)
 * @param damaged every damaged range, in file order; empty if the log is intact
 */
public record LogReport(Path log, long bytes, long intactPosition, long intactBytes, List<DamagedRange> damaged) {

    /** Copies the list. */
    public LogReport {
        damaged = List.copyOf(damaged);
    }

    /**
     * Bytes of the log that hold no whole record, or whole records out of order.
     *
     * @param fromByte where the range starts
     * @param toByte where the next whole record starts, or the file's end
     * @param afterPosition the last position of the whole record before it (0 if none)
     * @param nextPosition the first position of the whole record after it; 0 if none follows
     * @param what what is wrong, in words
     */
    public record DamagedRange(long fromByte, long toByte, long afterPosition, long nextPosition, String what) {
    }

    /** Whether no damage was found. */
    public boolean isIntact() {
        return damaged.isEmpty();
    }

    /** The report in words: one line for the log, one per damaged range. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(log + ": " + bytes + " bytes, ");
        text.append(isIntact() ? "intact, positions 1 to " + intactPosition
                : "intact up to position " + intactPosition + " (byte " + intactBytes + "), " + damaged.size()
                        + " damaged range(s)");
        for (DamagedRange range : damaged) {
            text.append(System.lineSeparator()).append("  bytes ").append(range.fromByte()).append(" to ")
                    .append(range.toByte()).append(" after position ").append(range.afterPosition()).append(": ")
                    .append(range.what());
        }
        return text.toString();
    }
}
