package dev.rewind.bus;

import dev.rewind.core.eventstore.EventStoreException;

/**
 * The hub did not answer in time, refused for overload, or reported a store failure. The request may or may not have
 * taken effect: re-send an append with the same event ids, which the store treats idempotently.
 */
public class HubUnavailableException extends EventStoreException {

    /** Creates one saying what failed and what to do. */
    public HubUnavailableException(String message) {
        super(message);
    }
}
