package dev.rewind.bus.internal.route;

/** This process does not hold the partition of a command's aggregate; the command server answers {@code NOT_OWNER}. */
public final class NotOwnerException extends RuntimeException {

    /** Names the stream and its partition. */
    public NotOwnerException(String streamId, int partition) {
        super("This write side does not own " + streamId + " (partition " + partition + " of group aggregates is held"
                + " elsewhere or moving); nothing was written. Send it to the partition's holder.");
    }
}
