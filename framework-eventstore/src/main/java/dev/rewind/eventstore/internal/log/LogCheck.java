package dev.rewind.eventstore.internal.log;

import dev.rewind.core.eventstore.EventStoreException;
import dev.rewind.eventstore.LogReport;
import dev.rewind.eventstore.LogReport.DamagedRange;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@link dev.rewind.eventstore.EmbeddedStoreCheck} does: reads a closed log record by record, resyncing after
 * each damaged range, and cuts it back to its intact events on request.
 */
public final class LogCheck {

    private static final Logger LOG = LoggerFactory.getLogger(LogCheck.class);
    /** The files derived from the log, rebuilt from it when the store next opens. */
    private static final List<String> DERIVED = List.of(LogOffsets.FILE_NAME, StreamIndex.FILE_NAME,
            StreamIndex.LINKS_FILE_NAME, EventIdIndex.FILE_NAME);

    private LogCheck() {
    }

    /** See {@link dev.rewind.eventstore.EmbeddedStoreCheck#verify}. */
    public static LogReport verify(Path folder) {
        Path file = folder.resolve(EventLog.FILE_NAME);
        try (FileChannel channel = open(file); FileLock lock = lock(channel, file)) {
            return scan(channel, file);
        } catch (IOException e) {
            throw new EventStoreException("Could not read the event log " + file + " (" + e.getMessage() + ");"
                    + " check the disk and the file's permissions.", e);
        }
    }

    /** See {@link dev.rewind.eventstore.EmbeddedStoreCheck#repair}. */
    public static LogReport repair(Path folder, long keepUpToPosition) {
        Path file = folder.resolve(EventLog.FILE_NAME);
        try (FileChannel channel = open(file); FileLock lock = lock(channel, file)) {
            LogReport report = scan(channel, file);
            if (report.isIntact()) {
                return report;
            }
            if (report.intactPosition() != keepUpToPosition) {
                throw new IllegalArgumentException("The event log " + file + " is intact up to position "
                        + report.intactPosition() + ", not " + keepUpToPosition + "; repair keeps exactly the intact"
                        + " events, so pass " + report.intactPosition() + " to drop every event after it. " + report);
            }
            if (report.intactBytes() < EventLog.HEADER.length || zeroHeader(channel)) {
                channel.write(ByteBuffer.wrap(EventLog.HEADER), 0);
            }
            long from = Math.max(report.intactBytes(), EventLog.HEADER.length);
            if (from < channel.size()) {
                Path quarantine = LogQuarantine.copyTail(channel, file, from, channel.size());
                channel.truncate(from);
                LOG.warn("Repaired the event log {}: kept positions 1 to {}, moved bytes {} to {} into {}", file,
                        keepUpToPosition, from, report.bytes(), quarantine);
            }
            channel.force(true);
            for (String derived : DERIVED) {
                Files.deleteIfExists(folder.resolve(derived));
            }
            return scan(channel, file);
        } catch (IOException e) {
            throw new EventStoreException("Could not repair the event log " + file + " (" + e.getMessage() + ");"
                    + " nothing after the failing step was changed. Check the disk and the file's permissions.", e);
        }
    }

    private static FileChannel open(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new EventStoreException("There is no event log " + file + "; name the folder of an embedded"
                    + " store (the folder of embedded:<folder>).");
        }
        return FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
    }

    private static FileLock lock(FileChannel channel, Path file) throws IOException {
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            throw new EventStoreException("The event log " + file + " is in use (a process has the store open);"
                    + " close the store first.");
        }
        return lock;
    }

    private static boolean zeroHeader(FileChannel channel) throws IOException {
        return EventLog.isZeros(channel, 0, EventLog.HEADER.length);
    }

    /** Reads every record from the header on, resyncing after each damaged range to the next whole record. */
    private static LogReport scan(FileChannel channel, Path file) throws IOException {
        long length = channel.size();
        long size = length;
        List<DamagedRange> damaged = new ArrayList<>();
        if (size < EventLog.HEADER.length) {
            if (size > 0) {
                damaged.add(new DamagedRange(0, size, 0, 0, "the header is cut short"));
            }
            return new LogReport(file, size, 0, 0, damaged);
        }
        ByteBuffer header = ByteBuffer.allocate(EventLog.HEADER.length);
        while (header.hasRemaining()) {
            channel.read(header, header.position());
        }
        boolean zeroHeader = EventLog.isZeros(header.array());
        if (!zeroHeader && !Arrays.equals(header.array(), EventLog.HEADER)) {
            throw new EventStoreException("The file " + file + " is not a Rewind event log (or one of a newer"
                    + " version); check the folder.");
        }
        // zeros after the records are space the disk mode writes ahead of them, not damage
        size = Math.min(size, EventLog.endOfRecords(channel, size) + 3);
        long last = 0;
        LogReader reader = new LogReader(channel, EventLog.HEADER.length, size, file.toString());
        while (reader.offset() < size) {
            long at = reader.offset();
            ByteBuffer body = reader.nextWhole();
            if (body != null) {
                long first = LogRecordFormat.firstPosition(body);
                if (first != last + 1) {
                    damaged.add(new DamagedRange(at, at, last, first, "positions jump from " + last + " to " + first));
                }
                last = LogRecordFormat.lastPosition(body);
                continue;
            }
            if (EventLog.isZeros(channel, at, length)) {
                break;
            }
            LogResync.Found next = LogResync.nextWholeRecord(channel, at + 1, size);
            long to = next == null ? size : next.offset();
            String what = (EventLog.isZeros(channel, at, to) ? "zero-filled" : "no whole record (lengths or checksum"
                    + " fail)") + (next == null ? ", to the end of the file" : "");
            damaged.add(new DamagedRange(at, to, last, next == null ? 0 : next.firstPosition(), what));
            if (next == null) {
                break;
            }
            last = next.firstPosition() - 1;
            reader = new LogReader(channel, next.offset(), size, file.toString());
        }
        if (zeroHeader) {
            damaged.add(0, new DamagedRange(0, EventLog.HEADER.length, 0, 0, "the header is zero-filled (it is"
                    + " written again on repair; nothing is lost by that)"));
        }
        DamagedRange first = damaged.stream().filter(range -> range.fromByte() >= EventLog.HEADER.length)
                .findFirst().orElse(null);
        return first == null ? new LogReport(file, length, last, size, damaged)
                : new LogReport(file, length, first.afterPosition(), first.fromByte(), damaged);
    }
}
