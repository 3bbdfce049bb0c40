package dev.rewind.core.eventstore;

/** An append broke the store's limits (stream id, event size, event count, type name); nothing was written. */
public class InvalidAppendException extends EventStoreException {

    /** Creates one saying which limit was broken and how. */
    public InvalidAppendException(String message) {
        super(message);
    }
}
