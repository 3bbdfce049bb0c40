package dev.rewind.eventstore.internal.h2;

import dev.rewind.core.eventstore.EventStoreException;
import dev.rewind.eventstore.internal.log.EventLog;

/**
 * H2's file of a store holds a different event than the {@link EventLog} at some position: the file was damaged
 * (H2 did not recover it to a consistent earlier state). Opening the store answers it by rebuilding the file.
 */
public final class H2FileDamagedException extends EventStoreException {

    private static final long serialVersionUID = 1L;

    public H2FileDamagedException(String message) {
        super(message);
    }
}
