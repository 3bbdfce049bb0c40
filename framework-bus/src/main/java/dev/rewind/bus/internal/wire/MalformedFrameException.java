package dev.rewind.bus.internal.wire;

/** A request frame that does not follow the protocol; the hub answers it with {@code INVALID_REQUEST}. */
public final class MalformedFrameException extends RuntimeException {

    public MalformedFrameException(String message) {
        super(message);
    }
}
