package dev.rewind.eventstore;

import dev.rewind.core.eventstore.AppendResult;
import dev.rewind.core.eventstore.DuplicateEventIdException;
import dev.rewind.core.eventstore.NewEvent;
import dev.rewind.core.eventstore.RecordedEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;

/**
 * The idempotency check of an append, against the database, with the semantics of core's in-memory store: an append
 * whose first event id is stored, and which matches the stored events of its stream at consecutive versions, is a
 * re-send and gets the original result; any other overlap with stored ids is a {@link DuplicateEventIdException}.
 */
final class RepeatedAppends {

    private RepeatedAppends() {
    }

    /** The original result if this append repeats a stored one exactly; null if none of its ids is stored. */
    static AppendResult originalResult(Connection c, DialectSql sql, PendingAppend append) throws SQLException {
        List<NewEvent> events = append.events;
        RecordedEvent first = eventById(c, sql, events.get(0).eventId());
        if (first == null) {
            for (int i = 1; i < events.size(); i++) {
                RecordedEvent stored = eventById(c, sql, events.get(i).eventId());
                if (stored != null) {
                    throw new DuplicateEventIdException(append.streamId, stored.eventId(), where(stored));
                }
            }
            return null;
        }
        List<RecordedEvent> stored = first.streamId().equals(append.streamId)
                ? readStream(c, sql, append.streamId, first.streamVersion(), events.size()) : List.of();
        for (int i = 0; i < events.size(); i++) {
            UUID id = events.get(i).eventId();
            if (i >= stored.size() || !stored.get(i).eventId().equals(id)) {
                RecordedEvent elsewhere = eventById(c, sql, id);
                throw new DuplicateEventIdException(append.streamId, elsewhere == null ? first.eventId() : id,
                        where(elsewhere == null ? first : elsewhere));
            }
        }
        RecordedEvent last = stored.get(stored.size() - 1);
        return new AppendResult(append.streamId, first.streamVersion(), last.streamVersion(), first.globalPosition(),
                last.globalPosition());
    }

    private static RecordedEvent eventById(Connection c, DialectSql sql, UUID eventId) throws SQLException {
        try (PreparedStatement query = c.prepareStatement(sql.eventById())) {
            query.setObject(1, eventId);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? EventRows.read(rows, null) : null;
            }
        }
    }

    private static List<RecordedEvent> readStream(Connection c, DialectSql sql, String streamId, long from, int count)
            throws SQLException {
        try (PreparedStatement query = c.prepareStatement(sql.readStream())) {
            query.setString(1, streamId);
            query.setLong(2, from);
            query.setInt(3, count);
            try (ResultSet rows = query.executeQuery()) {
                return EventRows.readAll(rows, count);
            }
        }
    }

    private static String where(RecordedEvent stored) {
        return "stream '" + stored.streamId() + "' version " + stored.streamVersion() + ", position "
                + stored.globalPosition();
    }
}
