package dev.rewind.eventstore.internal.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.util.zip.CRC32C;

/**
 * Looks for a whole {@link EventLog} record after a damaged one, byte by byte, so opening can tell a write cut short
 * (nothing whole follows) from damage inside the log (whole records follow, and cutting would delete them). A
 * candidate must have matching leading and trailing lengths and its checksum; only then is the checksum computed,
 * so the scan costs little more than reading the bytes.
 */
final class LogResync {

    /** A whole record: where it starts and the positions it holds. */
    record Found(long offset, long firstPosition, long lastPosition) {
    }

    private LogResync() {
    }

    /**
     * The first whole record starting at or after {@code from} and ending by {@code end}; null if there is none.
     * Looks at most 2 GiB ahead (a record's length is an int, so a whole one after a damaged one starts within it
     * unless the damage itself is that long).
     */
    static Found nextWholeRecord(FileChannel channel, long from, long end) throws IOException {
        long span = Math.min(end - from, Integer.MAX_VALUE - 8);
        if (span < EventLog.RECORD_OVERHEAD + EventLog.BODY_HEAD) {
            return null;
        }
        MappedByteBuffer bytes = channel.map(FileChannel.MapMode.READ_ONLY, from, span);
        int limit = (int) span;
        for (int at = 0; at + EventLog.RECORD_OVERHEAD + EventLog.BODY_HEAD <= limit; at++) {
            int length = bytes.getInt(at);
            if (length < EventLog.BODY_HEAD || length > limit - at - EventLog.RECORD_OVERHEAD
                    || bytes.getInt(at + EventLog.RECORD_HEAD + length) != length) {
                continue;
            }
            CRC32C crc = new CRC32C();
            crc.update(bytes.slice(at + EventLog.RECORD_HEAD, length));
            if ((int) crc.getValue() == bytes.getInt(at + 4)) {
                ByteBuffer body = bytes.slice(at + EventLog.RECORD_HEAD, length);
                return new Found(from + at, LogRecordFormat.firstPosition(body), LogRecordFormat.lastPosition(body));
            }
        }
        return null;
    }
}
