package dev.rewind.eventstore.internal.append;

import dev.rewind.core.event.Metadata;
import dev.rewind.core.eventstore.RecordedEvent;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Reads PostgreSQL event rows as {@link RecordedEvent}s, in the column order of {@code PostgresSql.EVENT_COLUMNS}. */
public final class EventRows {

    private EventRows() {
    }

    /** Reads every row of the result. */
    public static List<RecordedEvent> readAll(ResultSet rows, int expectedSize) throws SQLException {
        List<RecordedEvent> events = new ArrayList<>(Math.min(Math.max(expectedSize, 16), 4096));
        String lastStream = null;
        while (rows.next()) {
            RecordedEvent event = read(rows, lastStream);
            lastStream = event.streamId();
            events.add(event);
        }
        return events;
    }

    /** Reads the current row; reuses {@code lastStream} when the stream id is equal, to save memory. */
    static RecordedEvent read(ResultSet rows, String lastStream) throws SQLException {
        long position = rows.getLong(1);
        String streamId = rows.getString(2);
        if (streamId.equals(lastStream)) {
            streamId = lastStream;
        }
        long version = rows.getLong(3);
        UUID eventId = rows.getObject(4, UUID.class);
        String type = rows.getString(5);
        byte[] data = rows.getBytes(6);
        Metadata metadata = MetadataJson.read(rows.getString(7));
        OffsetDateTime recordedAt = rows.getObject(8, OffsetDateTime.class);
        return new RecordedEvent(eventId, streamId, version, position, type, data, metadata, recordedAt.toInstant());
    }
}
