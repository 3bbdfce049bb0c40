package dev.rewind.core.serialization;

/** An event could not be written to or read from its stored form. */
public class EventSerializationException extends RuntimeException {

    /** Creates one with a message saying what failed. */
    public EventSerializationException(String message) {
        super(message);
    }

    /** Creates one with a message and the underlying cause. */
    public EventSerializationException(String message, Throwable cause) {
        super(message, cause);
    }
}
