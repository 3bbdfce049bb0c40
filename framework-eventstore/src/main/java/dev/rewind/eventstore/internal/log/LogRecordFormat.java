package dev.rewind.eventstore.internal.log;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.rewind.core.eventstore.EventFilter;
import dev.rewind.core.eventstore.RecordedEvent;
import dev.rewind.core.eventstore.StreamInfo;
import dev.rewind.eventstore.internal.append.EventRow;
import dev.rewind.eventstore.internal.append.MetadataJson;
import dev.rewind.eventstore.internal.append.StoredEventIds;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/**
 * The body of an {@link EventLog} record: first position (long), row count (int), then per row: stream version,
 * event id (two longs), recorded-at seconds (long) and nanos (int), and length-prefixed stream id, type, data and
 * metadata JSON (length -1 for none). Positions are not stored per row: they follow from the first.
 */
final class LogRecordFormat {

    /** The bytes of a row before its first variable field: version, event id, recorded-at seconds and nanos. */
    private static final int ROW_FIXED = 36;

    private LogRecordFormat() {
    }

    /** Writes the rows' body into {@code out}, which grows as needed; returns the buffer written to. */
    static ByteBuffer encode(List<EventRow> rows, ByteBuffer out) {
        ByteBuffer buffer = room(out, EventLog.BODY_HEAD);
        buffer.putLong(rows.get(0).position()).putInt(rows.size());
        for (EventRow row : rows) {
            buffer = room(buffer, ROW_FIXED);
            buffer.putLong(row.version())
                    .putLong(row.eventId().getMostSignificantBits()).putLong(row.eventId().getLeastSignificantBits())
                    .putLong(row.recordedAt().toEpochSecond()).putInt(row.recordedAt().getNano());
            buffer = putBytes(buffer, row.streamId().getBytes(UTF_8));
            buffer = putBytes(buffer, row.type().getBytes(UTF_8));
            buffer = putBytes(buffer, row.data());
            buffer = putBytes(buffer, row.metadataJson() == null ? null : row.metadataJson().getBytes(UTF_8));
        }
        return buffer;
    }

    /** The first position of a body. */
    static long firstPosition(ByteBuffer body) {
        return body.getLong(0);
    }

    /** The last position of a body. */
    static long lastPosition(ByteBuffer body) {
        return body.getLong(0) + body.getInt(8) - 1;
    }

    /** Passes the body's rows from position {@code from} on, as stored. */
    static <E extends Exception> void decodeRows(ByteBuffer body, long from, EventLog.RowSink<E> sink) throws E {
        long position = body.getLong(0);
        int count = body.getInt(8);
        body.position(EventLog.BODY_HEAD);
        for (int i = 0; i < count; i++, position++) {
            long version = body.getLong();
            UUID eventId = new UUID(body.getLong(), body.getLong());
            long seconds = body.getLong();
            int nanos = body.getInt();
            String streamId = string(body);
            String type = string(body);
            byte[] data = bytes(body);
            String metadata = string(body);
            if (position >= from) {
                sink.accept(new EventRow(position, streamId, version, eventId, type, data, metadata,
                        OffsetDateTime.ofInstant(Instant.ofEpochSecond(seconds, nanos), ZoneOffset.UTC)));
            }
        }
    }

    /**
     * Adds the body's events from position {@code from} on that pass the filter to {@code out}, until it holds
     * {@code maxCount}; skips the fields of the others without decoding them.
     */
    static void decodeEvents(ByteBuffer body, long from, EventFilter filter, int maxCount, List<RecordedEvent> out) {
        long position = body.getLong(0);
        int count = body.getInt(8);
        body.position(EventLog.BODY_HEAD);
        String lastStream = out.isEmpty() ? null : out.get(out.size() - 1).streamId();
        for (int i = 0; i < count && out.size() < maxCount; i++, position++) {
            int start = body.position() + ROW_FIXED;
            if (position < from) {
                skipFields(body, start, 4);
                continue;
            }
            long version = body.getLong();
            UUID eventId = new UUID(body.getLong(), body.getLong());
            Instant recordedAt = Instant.ofEpochSecond(body.getLong(), body.getInt());
            String streamId = string(body);
            if (streamId.equals(lastStream)) {
                streamId = lastStream;
            }
            String type = string(body);
            if (!filter.isAll() && !filter.matches(streamId, type)) {
                skipFields(body, body.position(), 2);
                continue;
            }
            byte[] data = bytes(body);
            out.add(new RecordedEvent(eventId, streamId, version, position, type, data,
                    MetadataJson.read(string(body)), recordedAt));
            lastStream = streamId;
        }
    }

    /**
     * Fills {@code starts} with where each row of the body begins, relative to the body, followed by where the last
     * one ends; returns the row count. {@code starts} must hold count + 1 entries.
     */
    static int rowStarts(ByteBuffer body, int[] starts) {
        int count = body.getInt(8);
        int at = EventLog.BODY_HEAD;
        for (int i = 0; i < count; i++) {
            starts[i] = at;
            at = skip(body, at + ROW_FIXED, 4);
        }
        starts[count] = at;
        return count;
    }

    /** The row count of a body. */
    static int rowCount(ByteBuffer body) {
        return body.getInt(8);
    }

    /**
     * The event of one row (as {@link #rowStarts} delimits it) at {@code position}, if it is version {@code version}
     * of the stream whose UTF-8 id is {@code streamIdBytes}; null if it is another event.
     */
    static RecordedEvent decodeRow(ByteBuffer row, long position, String streamId, byte[] streamIdBytes,
            long version) {
        if (row.remaining() < ROW_FIXED + 4 || row.getLong(0) != version
                || row.getInt(ROW_FIXED) != streamIdBytes.length
                || !row.slice(ROW_FIXED + 4, streamIdBytes.length).equals(ByteBuffer.wrap(streamIdBytes))) {
            return null;
        }
        UUID eventId = new UUID(row.getLong(8), row.getLong(16));
        Instant recordedAt = Instant.ofEpochSecond(row.getLong(24), row.getInt(32));
        row.position(ROW_FIXED + 4 + streamIdBytes.length);
        String type = string(row);
        byte[] data = bytes(row);
        return new RecordedEvent(eventId, streamId, version, position, type, data, MetadataJson.read(string(row)),
                recordedAt);
    }

    /**
     * The version of one row (as {@link #rowStarts} delimits it) if it is an event of the stream whose UTF-8 id is
     * {@code streamIdBytes}; -1 if it is another stream's (or not a row).
     */
    static long decodeVersion(ByteBuffer row, byte[] streamIdBytes) {
        if (row.remaining() < ROW_FIXED + 4 + streamIdBytes.length || row.getInt(ROW_FIXED) != streamIdBytes.length
                || !row.slice(ROW_FIXED + 4, streamIdBytes.length).equals(ByteBuffer.wrap(streamIdBytes))) {
            return -1;
        }
        return row.getLong(0);
    }

    /**
     * Stream, version and id of one row (as {@link #rowStarts} delimits it) at {@code position}, if its id is
     * {@code eventId}; null if it is another event (or not a row).
     */
    static StoredEventIds.Stored decodeStored(ByteBuffer row, long position, UUID eventId) {
        if (row.remaining() < ROW_FIXED + 4 || row.getLong(8) != eventId.getMostSignificantBits()
                || row.getLong(16) != eventId.getLeastSignificantBits()) {
            return null;
        }
        int length = row.getInt(ROW_FIXED);
        if (length < 0 || length > row.remaining() - ROW_FIXED - 4) {
            return null;
        }
        String streamId = new String(row.array(), row.arrayOffset() + ROW_FIXED + 4, length, UTF_8);
        return new StoredEventIds.Stored(position, streamId, row.getLong(0), eventId);
    }

    /** Stream and version of one row (as {@link #rowStarts} delimits it); null if it is not a row. */
    static StreamInfo decodeStream(ByteBuffer row) {
        if (row.remaining() < ROW_FIXED + 4) {
            return null;
        }
        int length = row.getInt(ROW_FIXED);
        if (length < 0 || length > row.remaining() - ROW_FIXED - 4) {
            return null;
        }
        return new StreamInfo(new String(row.array(), row.arrayOffset() + ROW_FIXED + 4, length, UTF_8),
                row.getLong(0));
    }

    private static int skip(ByteBuffer body, int at, int fields) {
        int next = at;
        for (int f = 0; f < fields; f++) {
            int length = body.getInt(next);
            next += 4 + Math.max(length, 0);
        }
        return next;
    }

    private static void skipFields(ByteBuffer body, int at, int fields) {
        body.position(skip(body, at, fields));
    }

    private static ByteBuffer putBytes(ByteBuffer out, byte[] bytes) {
        ByteBuffer buffer = room(out, 4 + (bytes == null ? 0 : bytes.length));
        if (bytes == null) {
            buffer.putInt(-1);
        } else {
            buffer.putInt(bytes.length).put(bytes);
        }
        return buffer;
    }

    /** The buffer, or a copy twice as large when fewer than {@code bytes} remain. */
    static ByteBuffer room(ByteBuffer buffer, int bytes) {
        if (buffer.remaining() >= bytes) {
            return buffer;
        }
        ByteBuffer larger = ByteBuffer.allocate(Math.max(buffer.capacity() * 2, buffer.position() + bytes));
        buffer.flip();
        return larger.put(buffer);
    }

    private static String string(ByteBuffer body) {
        int length = body.getInt();
        if (length < 0) {
            return null;
        }
        String text = new String(body.array(), body.arrayOffset() + body.position(), length, UTF_8);
        body.position(body.position() + length);
        return text;
    }

    private static byte[] bytes(ByteBuffer body) {
        int length = body.getInt();
        if (length < 0) {
            return null;
        }
        byte[] bytes = new byte[length];
        body.get(bytes);
        return bytes;
    }
}
