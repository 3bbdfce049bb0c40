package dev.rewind.eventstore.internal.append;

import dev.rewind.eventstore.internal.log.EventIdIndex;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;

/**
 * Finds a stored event by its id, for the idempotency check of {@link RepeatedAppends}: on PostgreSQL through its
 * unique event-id index ({@link #sql}), in the embedded store through the {@link EventIdIndex} and the event log.
 */
@FunctionalInterface
public interface StoredEventIds {

    /** What the idempotency check needs of a stored event. */
    record Stored(long position, String streamId, long version, UUID eventId) {
    }

    /** The stored event with this id; null if none is stored. */
    Stored find(UUID eventId) throws SQLException;

    /** Looks ids up with {@code eventById}, which selects {@code PostgresSql.EVENT_ID_COLUMNS}, in this transaction. */
    static StoredEventIds sql(Connection c, String eventById) {
        return eventId -> {
            try (PreparedStatement query = c.prepareStatement(eventById)) {
                query.setObject(1, eventId);
                try (ResultSet row = query.executeQuery()) {
                    return row.next() ? new Stored(row.getLong(1), row.getString(2), row.getLong(3),
                            row.getObject(4, UUID.class)) : null;
                }
            }
        };
    }
}
