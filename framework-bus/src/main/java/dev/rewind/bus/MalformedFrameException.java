package dev.rewind.bus;

/** A request frame that does not follow the protocol; the hub answers it with {@code INVALID_REQUEST}. */
final class MalformedFrameException extends RuntimeException {

    MalformedFrameException(String message) {
        super(message);
    }
}
