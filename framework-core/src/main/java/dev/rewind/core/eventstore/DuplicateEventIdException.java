package dev.rewind.core.eventstore;

import java.util.UUID;

/**
 * An append partly overlaps events already stored: some of its event ids are stored, but not as this same append.
 * Nothing was written.
 */
public class DuplicateEventIdException extends EventStoreException {

    private final UUID eventId;

    /** Creates one naming the first overlapping event id and where it is stored. */
    public DuplicateEventIdException(String streamId, UUID eventId, String storedIn) {
        super("Event id " + eventId + " appended to stream '" + streamId + "' is already stored (" + storedIn
                + "), but the append does not repeat the stored one exactly; nothing was written. Give new events new"
                + " ids, or re-send an earlier append unchanged.");
        this.eventId = eventId;
    }

    /** The first event id found stored already. */
    public UUID eventId() {
        return eventId;
    }
}
