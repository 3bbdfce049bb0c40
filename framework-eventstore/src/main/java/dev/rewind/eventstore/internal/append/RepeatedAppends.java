package dev.rewind.eventstore.internal.append;

import dev.rewind.core.eventstore.AppendResult;
import dev.rewind.core.eventstore.DuplicateEventIdException;
import dev.rewind.core.eventstore.NewEvent;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;

/**
 * The idempotency check of an append, against the stored events, with the semantics of core's in-memory store: an
 * append whose first event id is stored, and whose ids are the stored events of its stream at consecutive versions,
 * is a re-send and gets the original result; any other overlap with stored ids is a
 * {@link DuplicateEventIdException}. Event ids are unique, so "the event at version v has id x" is checked as "id x
 * is stored at version v" and every lookup is one by id.
 */
public final class RepeatedAppends {

    private RepeatedAppends() {
    }

    /** The original result if this append repeats a stored one exactly; null if none of its ids is stored. */
    public static AppendResult originalResult(StoredEventIds ids, PendingAppend append) throws SQLException {
        List<NewEvent> events = append.events;
        StoredEventIds.Stored first = ids.find(events.get(0).eventId());
        if (first == null) {
            for (int i = 1; i < events.size(); i++) {
                StoredEventIds.Stored stored = ids.find(events.get(i).eventId());
                if (stored != null) {
                    throw new DuplicateEventIdException(append.streamId, stored.eventId(), where(stored));
                }
            }
            return null;
        }
        StoredEventIds.Stored last = first;
        for (int i = 0; i < events.size(); i++) {
            UUID id = events.get(i).eventId();
            StoredEventIds.Stored stored = i == 0 ? first : ids.find(id);
            if (stored == null || !first.streamId().equals(append.streamId)
                    || !stored.streamId().equals(append.streamId) || stored.version() != first.version() + i) {
                throw new DuplicateEventIdException(append.streamId, stored == null ? first.eventId() : id,
                        where(stored == null ? first : stored));
            }
            last = stored;
        }
        return new AppendResult(append.streamId, first.version(), last.version(), first.position(),
                last.position());
    }

    private static String where(StoredEventIds.Stored stored) {
        return "stream '" + stored.streamId() + "' version " + stored.version() + ", position " + stored.position();
    }
}
