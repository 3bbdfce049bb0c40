package dev.rewind.eventstore.internal.append;

import dev.rewind.core.event.Metadata;
import dev.rewind.core.eventstore.RecordedEvent;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Maps event rows to and from {@link RecordedEvent}s, in the column order of {@code PostgresSql.EVENT_COLUMNS}. */
public final class EventRows {

    private EventRows() {
    }

    /** Binds one row for {@code PostgresSql.INSERT_EVENT} and adds it to the statement's batch. */
    public static void addInsert(PreparedStatement insert, EventRow row) throws SQLException {
        insert.setLong(1, row.position());
        insert.setString(2, row.streamId());
        insert.setLong(3, row.version());
        insert.setObject(4, row.eventId());
        insert.setString(5, row.type());
        insert.setBytes(6, row.data());
        insert.setString(7, row.metadataJson());
        insert.setObject(8, row.recordedAt());
        insert.addBatch();
    }

    /** Reads the current row as it is stored (for copying it, not for handing it to users). */
    public static EventRow readRow(ResultSet rows) throws SQLException {
        return new EventRow(rows.getLong(1), rows.getString(2), rows.getLong(3), rows.getObject(4, UUID.class),
                rows.getString(5), rows.getBytes(6), rows.getString(7), rows.getObject(8, OffsetDateTime.class));
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
