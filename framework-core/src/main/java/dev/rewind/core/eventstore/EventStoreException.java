package dev.rewind.core.eventstore;

/** A failure of the event store; subclasses say what went wrong. */
public class EventStoreException extends RuntimeException {

    /** Creates one with a message saying what went wrong and what to do. */
    public EventStoreException(String message) {
        super(message);
    }

    /** Creates one with a message and the underlying cause. */
    public EventStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
