package dev.rewind.eventstore.internal.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.zip.CRC32C;

/**
 * Reads an {@link EventLog}'s records in file order from one offset up to a fixed end, through one large buffer, so
 * a replay of the global log is a few big sequential reads rather than one read per record. A body it returns is a
 * view of the buffer, valid until the next call.
 */
final class LogReader {

    private static final int BUFFER_BYTES = 1 << 20;

    private final FileChannel channel;
    private final long end;
    private final String file;
    private ByteBuffer buffer;
    private long bufferStart;
    private long offset;
    private long recordOffset;
    /** The last position of the record returned last; -1 before the first. */
    private long lastRead = -1;

    LogReader(FileChannel channel, long offset, long end, String file) {
        this.channel = channel;
        this.offset = offset;
        this.end = end;
        this.file = file;
        // a live subscriber reads the last few records: no need to clear a whole megabyte for that
        this.buffer = ByteBuffer.allocate((int) Math.max(0, Math.min(BUFFER_BYTES, end - offset)));
        buffer.limit(0);
    }

    /**
     * The body of the next record (first position, row count, rows), or null at the end.
     *
     * @throws IOException if the file cannot be read or the record is damaged
     */
    ByteBuffer next() throws IOException {
        if (offset >= end) {
            return null;
        }
        ByteBuffer body = nextWhole();
        if (body == null) {
            throw new IOException("the record at byte " + offset + " of the event log " + file
                    + (lastRead < 0 ? "" : ", after position " + lastRead) + ", is damaged (its lengths or checksum do"
                    + " not match); the events before it are intact, restore the log from a backup to read on");
        }
        return body;
    }

    /**
     * The body of the next record if it is whole (its lengths and checksum agree), else null, leaving
     * {@link #offset()} at that record: how opening finds where a crash cut the log short.
     */
    ByteBuffer nextWhole() throws IOException {
        if (offset + EventLog.RECORD_OVERHEAD + EventLog.BODY_HEAD > end) {
            return null;
        }
        int at = fill(offset, EventLog.RECORD_HEAD);
        int length = buffer.getInt(at);
        if (length < EventLog.BODY_HEAD || offset + EventLog.RECORD_OVERHEAD + length > end) {
            return null;
        }
        at = fill(offset, EventLog.RECORD_OVERHEAD + length);
        CRC32C crc = new CRC32C();
        crc.update(buffer.array(), at + EventLog.RECORD_HEAD, length);
        if ((int) crc.getValue() != buffer.getInt(at + 4)
                || buffer.getInt(at + EventLog.RECORD_HEAD + length) != length) {
            return null;
        }
        recordOffset = offset;
        offset += EventLog.RECORD_OVERHEAD + length;
        ByteBuffer body = buffer.slice(at + EventLog.RECORD_HEAD, length);
        lastRead = LogRecordFormat.lastPosition(body);
        return body;
    }

    /** The file offset of the next record to read. */
    long offset() {
        return offset;
    }

    /** The file offset of the record {@link #next()} returned last. */
    long recordOffset() {
        return recordOffset;
    }

    /** Makes {@code bytes} from file offset {@code at} available in the buffer; returns their index in it. */
    private int fill(long at, int bytes) throws IOException {
        if (at >= bufferStart && at + bytes <= bufferStart + buffer.limit()) {
            return (int) (at - bufferStart);
        }
        if (buffer.capacity() < bytes) {
            buffer = ByteBuffer.allocate(Math.max(bytes, (int) Math.min(BUFFER_BYTES, end - at)));
        }
        buffer.clear();
        buffer.limit((int) Math.min(buffer.capacity(), end - at));
        while (buffer.position() < bytes) {
            if (channel.read(buffer, at + buffer.position()) < 0) {
                throw new IOException("the event log " + file + " ended at byte " + (at + buffer.position())
                        + " while reading a record");
            }
        }
        buffer.limit(buffer.position());
        bufferStart = at;
        return 0;
    }
}
