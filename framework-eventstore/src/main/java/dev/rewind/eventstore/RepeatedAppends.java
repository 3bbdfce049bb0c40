package dev.rewind.eventstore;

import dev.rewind.core.eventstore.AppendResult;
import dev.rewind.core.eventstore.DuplicateEventIdException;
import dev.rewind.core.eventstore.NewEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The idempotency check of an append, against the database, with the semantics of core's in-memory store: an append
 * whose first event id is stored, and which matches the stored events of its stream at consecutive versions, is a
 * re-send and gets the original result; any other overlap with stored ids is a {@link DuplicateEventIdException}.
 */
final class RepeatedAppends {

    /** What the check needs of a stored event. */
    private record StoredId(long position, String streamId, long version, UUID eventId) {
    }

    private RepeatedAppends() {
    }

    /** The original result if this append repeats a stored one exactly; null if none of its ids is stored. */
    static AppendResult originalResult(Connection c, DialectSql sql, PendingAppend append) throws SQLException {
        List<NewEvent> events = append.events;
        StoredId first = eventById(c, sql, events.get(0).eventId());
        if (first == null) {
            for (int i = 1; i < events.size(); i++) {
                StoredId stored = eventById(c, sql, events.get(i).eventId());
                if (stored != null) {
                    throw new DuplicateEventIdException(append.streamId, stored.eventId(), where(stored));
                }
            }
            return null;
        }
        List<StoredId> stored = first.streamId().equals(append.streamId)
                ? readStream(c, sql, append.streamId, first.version(), events.size()) : List.of();
        for (int i = 0; i < events.size(); i++) {
            UUID id = events.get(i).eventId();
            if (i >= stored.size() || !stored.get(i).eventId().equals(id)) {
                StoredId elsewhere = eventById(c, sql, id);
                throw new DuplicateEventIdException(append.streamId, elsewhere == null ? first.eventId() : id,
                        where(elsewhere == null ? first : elsewhere));
            }
        }
        StoredId last = stored.get(stored.size() - 1);
        return new AppendResult(append.streamId, first.version(), last.version(), first.position(),
                last.position());
    }

    private static StoredId eventById(Connection c, DialectSql sql, UUID eventId) throws SQLException {
        try (PreparedStatement query = c.prepareStatement(sql.eventById())) {
            query.setObject(1, eventId);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? read(rows) : null;
            }
        }
    }

    private static List<StoredId> readStream(Connection c, DialectSql sql, String streamId, long from, int count)
            throws SQLException {
        try (PreparedStatement query = c.prepareStatement(sql.streamEventIds())) {
            query.setString(1, streamId);
            query.setLong(2, from);
            query.setInt(3, count);
            try (ResultSet rows = query.executeQuery()) {
                List<StoredId> ids = new ArrayList<>(count);
                while (rows.next()) {
                    ids.add(read(rows));
                }
                return ids;
            }
        }
    }

    /** Reads a row of {@link DialectSql#EVENT_ID_COLUMNS}. */
    private static StoredId read(ResultSet row) throws SQLException {
        return new StoredId(row.getLong(1), row.getString(2), row.getLong(3), row.getObject(4, UUID.class));
    }

    private static String where(StoredId stored) {
        return "stream '" + stored.streamId() + "' version " + stored.version() + ", position " + stored.position();
    }
}
